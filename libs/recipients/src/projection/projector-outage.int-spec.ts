import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createPostgresProjectorLease, createPostgresReadModel, dropPostgresSchemas } from '@app/read-model';
import { PostgresDoor } from '../../../../test/support/postgres-door';
import type { ProjectorLease } from './projector';
import { Projector, RECIPIENT_STATUS_PROJECTION } from './projector';
import { decidedOnNewRecipient, eventually } from './testing/projection-spec-support';

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = Date.parse('2026-03-01T10:00:00.000Z');
/** Lease requests the projector must make during the outage before the spec looks at what it reported. */
const REQUESTS_DURING_OUTAGE = 3;

async function recordDelivery(store: EventStore, name: string): Promise<bigint> {
  const stored = decidedOnNewRecipient(
    { type: 'RecordDelivery', address: `${name}@example.com`, occurredAt: new Date(NOW).toISOString(), source: 'mta' },
    NOW,
  );
  return (await store.append(`${RECIPIENT_STREAM_PREFIX}${name}`, stored, 'no_stream')).position;
}

/** The lease, counting how often it is asked for. */
function counted(lease: ProjectorLease): { lease: ProjectorLease; requests: () => number } {
  let requests = 0;
  return {
    requests: () => requests,
    lease: {
      tryAcquire: () => {
        requests++;
        return lease.tryAcquire();
      },
      whenLost: () => lease.whenLost(),
      release: () => lease.release(),
    },
  };
}

(DATABASE_URL === undefined ? describe.skip : describe)('the lease holder when PostgreSQL goes down', () => {
  const url = DATABASE_URL!;
  const schema = `projector_outage_${randomBytes(6).toString('hex')}`;
  let dir: string;
  let eventStore: EventStore;
  let door: PostgresDoor;
  let direct: ReadModelStore;
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'projector-outage-'));
    eventStore = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
    door = await PostgresDoor.closed(url);
    await door.up();
    direct = await createPostgresReadModel({ connectionString: url, schema, poolSize: 1 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
    await door.close();
    await direct.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
    await dropPostgresSchemas(url, [schema]);
  });

  it('reports no role rather than a standby, once for the outage, and projects again when it ends', async () => {
    const readModel = await createPostgresReadModel({
      connectionString: door.url,
      schema,
      poolSize: 2,
      connectTimeoutMs: 1_000,
    });
    cleanups.push(() => readModel.close());
    const { lease, requests } = counted(
      createPostgresProjectorLease({ connectionString: door.url, schema, heartbeatMs: 200, connectTimeoutMs: 1_000 }),
    );
    // Every report in order: a role (undefined for none), a failure or a recovery.
    const reports: string[] = [];
    const failures: unknown[] = [];
    const projector = new Projector(
      eventStore,
      readModel,
      {
        roleChanged: (role) => reports.push(`role ${role ?? 'none'}`),
        failed: (error) => {
          failures.push(error);
          reports.push('failed');
        },
        recovered: () => reports.push('recovered'),
      },
      { closeTimeoutMs: 2_000, lease },
    );
    cleanups.push(() => projector.close());
    await projector.start();
    const before = await recordDelivery(eventStore, 'before');
    await eventually(async () => expect(await direct.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(before));
    expect(reports).toEqual(['role active']);

    await door.close();
    const askedBefore = requests();
    await eventually(() => expect(requests() - askedBefore).toBeGreaterThanOrEqual(REQUESTS_DURING_OUTAGE));
    expect(reports).toEqual(['role active', 'failed', 'role none']);
    expect(projector.healthy).toBe(false);
    const during = await recordDelivery(eventStore, 'during');

    await door.up();
    await eventually(async () => expect(await direct.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(during));
    await eventually(() => expect(projector.healthy).toBe(true));
    expect(reports.slice(0, 3)).toEqual(['role active', 'failed', 'role none']);
    expect([...reports.slice(3)].sort()).toEqual(['recovered', 'role active']);
    expect(failures).toHaveLength(1);
    expect(await direct.getRecipient('during@example.com')).not.toBeNull();
  });

  it('a standby says no role while it cannot ask, and stands by again once another process answers for it', async () => {
    const holderLease = createPostgresProjectorLease({ connectionString: url, schema });
    cleanups.push(() => holderLease.release());
    expect(await holderLease.tryAcquire()).toBe(true);
    const readModel = await createPostgresReadModel({ connectionString: door.url, schema, connectTimeoutMs: 1_000 });
    cleanups.push(() => readModel.close());
    const { lease, requests } = counted(
      createPostgresProjectorLease({ connectionString: door.url, schema, connectTimeoutMs: 1_000 }),
    );
    const reports: string[] = [];
    const projector = new Projector(
      eventStore,
      readModel,
      {
        roleChanged: (role) => reports.push(`role ${role ?? 'none'}`),
        failed: () => reports.push('failed'),
        recovered: () => reports.push('recovered'),
      },
      { closeTimeoutMs: 2_000, lease },
    );
    cleanups.push(() => projector.close());
    await projector.start();
    expect(reports).toEqual(['role standby']);

    await door.close();
    const askedBefore = requests();
    await eventually(() => expect(requests() - askedBefore).toBeGreaterThanOrEqual(REQUESTS_DURING_OUTAGE));
    expect(reports).toEqual(['role standby', 'failed', 'role none']);

    await door.up();
    await eventually(() =>
      expect(reports).toEqual(['role standby', 'failed', 'role none', 'recovered', 'role standby']),
    );
    expect(projector.healthy).toBe(true);
  });
});
