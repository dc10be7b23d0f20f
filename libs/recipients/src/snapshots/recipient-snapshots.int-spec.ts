import type { RecipientCommand } from '@app/domain';
import { defaultPolicy, foldRecipient, indexFacts, initialRecipientState } from '@app/domain';
import type { EventStore, SqliteEventStore } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import { CurrentPolicy } from '../policy/current-policy';
import { RecipientCommandLoop } from '../recipients/recipient-command-loop';
import { RecipientStateCache } from '../recipients/recipient-state-cache';
import { recipientSnapshotsOf } from './recipient-snapshot-store';
import { SNAPSHOT_EVERY } from './recipient-stream-snapshots';
import { MINUTE, random, REPLIES, START, SteppingClock } from '../testing/generated-commands';

const ADDRESSES = ['ann@example.com', 'bob@example.com'];

/** Bounces, deliveries, corrections and manual suppressions (whose derived ids depend on the state), out of order. */
function commandFor(n: number, next: () => number): RecipientCommand {
  const address = ADDRESSES[Math.floor(next() * ADDRESSES.length)] ?? 'ann@example.com';
  const occurredAt = new Date(START + (n - Math.floor(next() * 30)) * MINUTE).toISOString();
  const roll = next();
  if (roll < 0.5) {
    const smtp = REPLIES[Math.floor(next() * REPLIES.length)];
    return { type: 'RecordBounce', address, occurredAt, messageId: `m-${n}`, smtp };
  }
  if (roll < 0.85) {
    return { type: 'RecordDelivery', address, occurredAt, messageId: `m-${n}` };
  }
  if (roll < 0.95) {
    return { type: 'RecordCorrection', address, occurredAt, by: 'ops' };
  }
  return { type: 'SuppressManually', address, by: 'ops', cause: 'manual' };
}

interface Sent {
  command: RecipientCommand;
  eventId?: string;
}

/** A command sent again as it was (a duplicate), or a delivery with its id on other content (a conflict). */
function resent(earlier: Sent, n: number, next: () => number): RecipientCommand {
  const { command, eventId } = earlier;
  if (next() < 0.5 || command.type !== 'RecordDelivery' || eventId === undefined) {
    return command;
  }
  return { ...command, eventId, messageId: `other-${n}` };
}

/** The same store without its file: a loop over it has no snapshots and folds every stream from its start. */
function withoutSnapshots(store: SqliteEventStore): EventStore {
  const { database: _file, ...port } = store;
  return port;
}

describe('recipient snapshots', () => {
  let store: SqliteEventStore;
  let reference: SqliteEventStore;
  const clock = new SteppingClock();
  const loopOver = (over: EventStore, cache: RecipientStateCache): RecipientCommandLoop =>
    new RecipientCommandLoop({
      store: over,
      addressHashKey: 'a-test-key-of-sixteen-characters',
      policy: new CurrentPolicy(defaultPolicy()),
      cache,
      clock,
      maxClockSkewMs: 300_000,
    });
  const snapshotRows = (): { streamId: string; revision: number }[] =>
    store.database.prepare('SELECT stream_id AS streamId, revision FROM recipient_snapshots').all() as {
      streamId: string;
      revision: number;
    }[];
  const afterSnapshotWrites = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  beforeEach(() => {
    store = createSqliteEventStore({ path: ':memory:' });
    reference = createSqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await Promise.all([store.close(), reference.close()]);
  });

  it.each([1, 2, 3])(
    'answers every command as folding the whole stream does, loading each from its snapshot (seed %i)',
    async (seed) => {
      const next = random(seed);
      // No cache: every command loads its recipient from the latest snapshot and the events after it.
      const snapshotted = loopOver(store, new RecipientStateCache(0));
      const folded = loopOver(withoutSnapshots(reference), new RecipientStateCache(0));
      const sent: Sent[] = [];
      const outcomes = new Map<string, number>();
      for (let n = 0; n < 500; n++) {
        clock.at = START + n * MINUTE;
        const earlier = sent[Math.floor(next() * sent.length)];
        const command = n % 4 === 3 && earlier !== undefined ? resent(earlier, n, next) : commandFor(n, next);
        const outcome = await snapshotted.execute(command);
        const expected = await folded.execute(command);
        expect(outcome.decision).toEqual(expected.decision);
        sent.push({ command, eventId: outcome.decision.eventId });
        const kind = outcome.decision.outcome === 'rejected' ? outcome.decision.code : outcome.decision.outcome;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
        const events = await folded.readStream(folded.streamIdOf(command.address));
        expect(outcome.recipient.state).toEqual(foldRecipient(events));
        expect(outcome.recipient.revision).toBe(events.length - 1);
        await afterSnapshotWrites();
      }
      // The history exercised what the past is asked for: resent facts found as duplicates and as conflicts.
      expect(outcomes.get('duplicate')).toBeGreaterThan(10);
      expect(outcomes.get('conflict')).toBeGreaterThan(10);
      // Each stream's snapshot is the one taken at the append that passed its latest multiple of the interval.
      const rows = snapshotRows();
      expect(rows).toHaveLength(ADDRESSES.length);
      for (const { streamId, revision } of rows) {
        const length = (await folded.readStream(streamId)).length;
        expect(length).toBeGreaterThanOrEqual(SNAPSHOT_EVERY);
        expect(Math.floor((revision + 1) / SNAPSHOT_EVERY)).toBe(Math.floor(length / SNAPSHOT_EVERY));
      }
    },
  );

  it('keeps a snapshot when a stream passes each multiple of the interval, and loads the events after it', async () => {
    const loop = loopOver(store, new RecipientStateCache(0));
    const address = 'ann@example.com';
    for (let n = 0; n < SNAPSHOT_EVERY + 10; n++) {
      clock.at = START + n * MINUTE;
      await loop.execute({ type: 'RecordDelivery', address, occurredAt: new Date(clock.at).toISOString() });
      // Every delivery within the heartbeat is answered without an append: bounce in between to record each one.
      await loop.execute({
        type: 'RecordBounce',
        address,
        occurredAt: new Date(clock.at).toISOString(),
        messageId: `m-${n}`,
        smtp: REPLIES[0],
      });
    }
    await afterSnapshotWrites();
    const streamId = loop.streamIdOf(address);
    const events = await loop.readStream(streamId);
    const [row] = snapshotRows();
    expect(row?.streamId).toBe(streamId);
    expect(row?.revision).toBe(Math.floor(events.length / SNAPSHOT_EVERY) * SNAPSHOT_EVERY - 1);

    const loaded = await loop.load(streamId);

    expect(loaded.state).toEqual(foldRecipient(events));
    expect(loaded.revision).toBe(events.length - 1);
    // Resumed from the snapshot, the loaded facts are the ones after it; the earlier ones are looked up when asked.
    expect(loaded.seenFacts.size).toBe(indexFacts(events.slice((row?.revision ?? 0) + 1)).size);
  });

  it.each([
    ['of another format', "UPDATE recipient_snapshots SET format = 'recipient-state:0', state = '{}'"],
    ['whose event is no longer at its revision', "UPDATE recipient_snapshots SET global_position = 1, state = '{}'"],
  ])('ignores a snapshot %s and folds the stream from its start', async (_, change) => {
    const loop = loopOver(store, new RecipientStateCache(0));
    const address = 'bob@example.com';
    for (let n = 0; n < SNAPSHOT_EVERY; n++) {
      clock.at = START + n * MINUTE;
      await loop.execute({
        type: 'RecordBounce',
        address,
        occurredAt: new Date(clock.at).toISOString(),
        messageId: `m-${n}`,
        smtp: REPLIES[n % 2 === 0 ? 0 : 2],
      });
    }
    await afterSnapshotWrites();
    expect(snapshotRows()).toHaveLength(1);
    store.database.exec(change);
    const streamId = loop.streamIdOf(address);

    const loaded = await loop.load(streamId);

    const events = await loop.readStream(streamId);
    expect(loaded.state).toEqual(foldRecipient(events));
    expect([...loaded.seenFacts]).toEqual([...indexFacts(events)]);
  });

  it.each([
    ['keeps a snapshot whose event is still in the stream when its write comes', false, 1],
    ['writes no snapshot when its event has left the stream before its write comes', true, 0],
  ])('%s', async (_, erased, kept) => {
    const snapshots = recipientSnapshotsOf(store);
    const streamId = 'recipient-0a';
    const appended = await store.append(
      streamId,
      [{ eventId: '3f1c2a4e-0d4b-4b7e-9d1a-7f0b5f7e2c11', type: 'DeliverySucceeded', data: {} }],
      'no_stream',
    );
    await store.append(
      'elsewhere',
      [{ eventId: '8c0d1e2f-3a4b-4c5d-8e6f-708192a3b4c5', type: 'Other', data: {} }],
      'any',
    );

    snapshots?.write(streamId, { state: initialRecipientState(), revision: 0, position: appended.position });
    if (erased) {
      await store.eraseStream(streamId);
    }
    await afterSnapshotWrites();

    expect(snapshotRows()).toHaveLength(kept);
  });
});
