import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createPostgresProjectorLease, createPostgresReadModel, dropPostgresSchemas } from '@app/read-model';
import { Client } from 'pg';
import type { ProjectorRole } from './projection-progress';
import { Projector, RECIPIENT_STATUS_PROJECTION } from './projector';
import { decidedOnNewRecipient, eventually } from './testing/projection-spec-support';

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = Date.parse('2026-03-01T10:00:00.000Z');

async function recordDelivery(store: EventStore, name: string): Promise<bigint> {
  const stored = decidedOnNewRecipient(
    { type: 'RecordDelivery', address: `${name}@example.com`, occurredAt: new Date(NOW).toISOString(), source: 'mta' },
    NOW,
  );
  return (await store.append(`${RECIPIENT_STREAM_PREFIX}${name}`, stored, 'no_stream')).position;
}

/** What one projector did: its roles in order (undefined for none), the positions it committed, its failures. */
interface Replica {
  projector: Projector;
  roles: (ProjectorRole | undefined)[];
  committed: bigint[];
  failures: unknown[];
  recoveries: number;
  readModel: ReadModelStore;
}

(DATABASE_URL === undefined ? describe.skip : describe)('two projectors on one PostgreSQL schema', () => {
  const url = DATABASE_URL!;
  const schema = `lease_pair_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let eventStore: EventStore;
  const replicas: Replica[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projector-lease-'));
    eventStore = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
  });
  afterEach(async () => {
    for (const replica of replicas.splice(0)) {
      await replica.projector.close();
      await replica.readModel.close();
    }
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
    await dropPostgresSchemas(url, [schema]);
  });

  async function replica(): Promise<Replica> {
    const readModel = await createPostgresReadModel({ connectionString: url, schema, poolSize: 2 });
    const seen: Omit<Replica, 'projector' | 'readModel'> = {
      roles: [],
      committed: [],
      failures: [],
      recoveries: 0,
    };
    const projector = new Projector(
      eventStore,
      readModel,
      {
        roleChanged: (role) => seen.roles.push(role),
        committed: (position) => seen.committed.push(position),
        failed: (error) => seen.failures.push(error),
        // `started` exists before start() runs, so before any report.
        recovered: () => started.recoveries++,
      },
      { closeTimeoutMs: 2_000, lease: createPostgresProjectorLease({ connectionString: url, schema }) },
    );
    const started: Replica = { ...seen, projector, readModel };
    replicas.push(started);
    await projector.start();
    return started;
  }

  it('one writes while the other stands by, and the other takes over when the first closes', async () => {
    const first = await replica();
    const second = await replica();
    const before = await recordDelivery(eventStore, 'before');

    await eventually(async () => expect(await first.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(before));
    expect(first.roles).toEqual(['active']);
    expect(second.roles).toEqual(['standby']);
    expect(first.committed).toContain(before);
    expect(second.committed).toEqual([]);

    await first.projector.close();
    const after = await recordDelivery(eventStore, 'after');
    await eventually(() => expect(second.committed).toContain(after));
    expect(second.roles).toEqual(['standby', 'active']);
    expect(await second.readModel.getRecipient('after@example.com')).not.toBeNull();
  });

  it('when the holder session dies, it asks again and exactly one of the two projects from then on', async () => {
    const first = await replica();
    const second = await replica();
    expect(first.roles).toEqual(['active']);

    // Ends the holder's lease session from outside, as a crash or a dropped connection would.
    await terminateLeaseSessions(url, schema);
    // Its session is closed in the same turn as the failure is reported, so nothing later is committed by it.
    await eventually(() => expect(first.failures).toHaveLength(1));
    const later = await recordDelivery(eventStore, 'later');

    await eventually(async () => expect(await second.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(later));
    const active = [first, second].filter((each) => each.roles.at(-1) === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.committed).toContain(later);
    expect([first, second].find((each) => each !== active[0])!.committed).not.toContain(later);
    // PostgreSQL answered at once: the first took the lease back or stood by, and never reported having no role.
    expect([['active'], ['active', 'standby']]).toContainEqual(first.roles);
    expect(first.failures).toHaveLength(1);
    await eventually(() => expect(first.recoveries).toBe(1));
  });
});

async function terminateLeaseSessions(connectionString: string, schema: string): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objid::int = hashtext($1) AND l.objsubid = 2`,
      [schema],
    );
  } finally {
    await client.end();
  }
}
