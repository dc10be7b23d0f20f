import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand, StoredEventShape } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createPostgresReadModel, dropPostgresSchemas, ReadModelUnavailableError } from '@app/read-model';
import { RECIPIENT_STATUS_PROJECTION } from './projector';
import { decidedOnNewRecipient } from './testing/projection-spec-support';
import { rebuildReadModel } from './rebuild-read-model';

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = Date.parse('2026-03-01T10:00:00.000Z');
const FULL = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' };

const decided = (command: RecipientCommand): StoredEventShape[] => decidedOnNewRecipient(command, NOW);

async function append(store: EventStore, stream: string, events: StoredEventShape[]): Promise<bigint> {
  return (await store.append(`${RECIPIENT_STREAM_PREFIX}${stream}`, events, 'no_stream')).position;
}

function delivery(address: string): StoredEventShape[] {
  return decided({ type: 'RecordDelivery', address, occurredAt: new Date(NOW - 1000).toISOString(), source: 'mta' });
}

(DATABASE_URL === undefined ? describe.skip : describe)('rebuildReadModel over PostgreSQL', () => {
  const schema = `rebuild_${process.pid}_${Date.now()}`;
  let dir: string;
  let eventStore: EventStore;
  let readModel: ReadModelStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
    eventStore = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
    readModel = await createPostgresReadModel({ connectionString: DATABASE_URL!, schema });
  });
  afterEach(async () => {
    await readModel.close();
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterAll(() => dropPostgresSchemas(DATABASE_URL!, [schema]));

  it('sets aside an event PostgreSQL refuses and one it cannot decode, and rebuilds everything else', async () => {
    await append(eventStore, 'before', delivery('before@example.com'));
    const poisoned = await append(
      eventStore,
      'poisoned',
      decided({
        type: 'RecordBounce',
        address: 'poisoned@example.com',
        eventId: 'ev\u00001',
        occurredAt: new Date(NOW - 1000).toISOString(),
        smtp: FULL,
      }),
    );
    const [newer] = delivery('newer@example.com');
    const undecodable = await append(eventStore, 'newer', [
      { ...newer!, metadata: { ...newer!.metadata, schemaVersion: 999 } },
    ]);
    const last = await append(eventStore, 'after', delivery('after@example.com'));

    const outcome = await rebuildReadModel({ eventStore, readModel }, 2);

    expect(outcome).toMatchObject({ events: 4, projected: 2, complete: true });
    expect(outcome.deadLetters.total).toBe(2);
    expect(outcome.deadLetters.first).toEqual([
      expect.objectContaining({ position: poisoned, error: expect.stringMatching(/22P05/) }),
      expect.objectContaining({ position: undecodable, error: expect.stringMatching(/schema version 999/) }),
    ]);
    expect(await readModel.getRecipient('before@example.com')).not.toBeNull();
    expect(await readModel.getRecipient('after@example.com')).not.toBeNull();
    expect(await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(last);

    // A second rebuild starts over: the dead letters are the same ones, not doubled.
    expect((await rebuildReadModel({ eventStore, readModel }, 500)).deadLetters.total).toBe(2);
  });

  it('ends on an unreachable read model instead of setting events aside', async () => {
    await append(eventStore, 'one', delivery('one@example.com'));
    const unreachable: ReadModelStore = Object.assign(Object.create(readModel) as ReadModelStore, {
      project: () => Promise.reject(new ReadModelUnavailableError('PostgreSQL is unavailable (ECONNREFUSED)')),
    });
    await expect(rebuildReadModel({ eventStore, readModel: unreachable }, 10)).rejects.toThrow(/unavailable/);
    expect((await readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, 5)).total).toBe(0);
  });
});
