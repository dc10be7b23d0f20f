import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventToAppend, RecordedEvent } from '../event-store';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import type { InlineProjection } from './sqlite-append';
import type { SqliteEventStore } from './sqlite-event-store';
import { createSqliteEventStore } from './sqlite-event-store';
import { useTemporarySqliteStores } from '../testing/temporary-sqlite-stores';

describeEventStoreContract('embedded SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'event-store-contract-'));
  const store = createSqliteEventStore({ path: join(directory, 'events.sqlite') });
  return Promise.resolve({
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
    makeUnavailable: () => {
      store.database.close();
      return Promise.resolve();
    },
  });
});

function event(type = 'BounceReceived', data: Record<string, unknown> = {}): EventToAppend {
  return { eventId: randomUUID(), type, data };
}

describe('the embedded SQLite event store, beyond the contract', () => {
  const temporary = useTemporarySqliteStores('sqlite-event-store-');
  const { open } = temporary;

  describe('when appends arrive together', () => {
    it('commits them in one transaction and fails only the one whose expectation is wrong', async () => {
      const store = open();
      await store.append('taken', [event()], 'no_stream');
      const before = store.groupCommitStats();

      const [first, conflicting, last] = await Promise.allSettled([
        store.append('first', [event()], 'no_stream'),
        store.append('taken', [event()], 'no_stream'),
        store.append('last', [event(), event()], 'no_stream'),
      ]);

      expect(first.status).toBe('fulfilled');
      expect(last.status).toBe('fulfilled');
      expect(conflicting).toMatchObject({ status: 'rejected', reason: { actual: 0 } });
      expect(conflicting.status === 'rejected' && conflicting.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(store.groupCommitStats()).toEqual({
        groups: before.groups + 1,
        appends: before.appends + 3,
        events: before.events + 3,
      });
      expect(await store.readStream('taken')).toHaveLength(1);
      expect(await store.readStream('last')).toHaveLength(2);
    });

    it('commits a batch of a thousand recipients submitted together in one transaction', async () => {
      const store = open();

      await Promise.all(Array.from({ length: 1000 }, (_, n) => store.append(`recipient-${n}`, [event()], 'no_stream')));

      expect(store.groupCommitStats()).toEqual({ groups: 1, appends: 1000, events: 1000 });
    });

    it('tells a stream read from a revision past its end from a stream that does not exist', async () => {
      const store = open();
      await store.append('short', [event()], 'no_stream');

      await expect(store.readStream('short', { fromRevision: 5 })).resolves.toEqual([]);
      await expect(store.readStream('missing', { fromRevision: 5 })).rejects.toBeInstanceOf(StreamNotFoundError);
      await expect(store.readStream('missing')).rejects.toBeInstanceOf(StreamNotFoundError);
    });

    it('reads many streams at once, each as reading it alone gives it, leaving out those that do not exist', async () => {
      const store = open();
      await store.append('two', [event(), event()], 'no_stream');
      await store.append('one', [event()], 'no_stream');
      await store.append('two', [event()], 1);

      const streams = await store.readStreams(['one', 'missing', 'two']);

      expect([...streams.keys()].sort()).toEqual(['one', 'two']);
      expect(streams.get('one')).toEqual(await store.readStream('one'));
      expect(streams.get('two')).toEqual(await store.readStream('two'));
      expect(streams.get('two')?.map((recorded) => recorded.revision)).toEqual([0, 1, 2]);
      await expect(store.readStreams([])).resolves.toEqual(new Map());
    });

    it('checks appends to one stream within a group one after another', async () => {
      const store = open();

      const results = await Promise.allSettled([
        store.append('one', [event()], 'no_stream'),
        store.append('one', [event()], 0),
        store.append('one', [event()], 0),
      ]);

      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      expect(await store.readStream('one')).toHaveLength(2);
    });

    it('refuses an event id that another stream already holds, failing that append alone', async () => {
      const store = open();
      const shared = event();
      await store.append('owner', [shared], 'no_stream');

      const [duplicate, other] = await Promise.allSettled([
        store.append('thief', [event(), shared], 'no_stream'),
        store.append('other', [event()], 'no_stream'),
      ]);

      expect(duplicate.status === 'rejected' && duplicate.reason).toBeInstanceOf(DuplicateEventIdError);
      expect(duplicate).toMatchObject({ reason: { eventId: shared.eventId } });
      expect(other.status).toBe('fulfilled');
      await expect(store.readStream('thief')).rejects.toBeInstanceOf(StreamNotFoundError);
    });

    it('rejects an append without events or with one id twice before it reaches the database', async () => {
      const store = open();
      const twice = event();

      await expect(store.append('empty', [], 'no_stream')).rejects.toBeInstanceOf(RangeError);
      await expect(store.append('twice', [twice, twice], 'no_stream')).rejects.toBeInstanceOf(RangeError);
      expect(store.groupCommitStats().appends).toBe(0);
    });
  });

  describe('with an inline projection', () => {
    const createTable = 'CREATE TABLE projected (event_id TEXT PRIMARY KEY, stream_id TEXT, position INTEGER)';
    const project: InlineProjection = (tx, events) => {
      const insert = tx.db.prepare('INSERT INTO projected (event_id, stream_id, position) VALUES (?, ?, ?)');
      for (const recorded of events) {
        insert.run(recorded.eventId, recorded.streamId, recorded.position);
        if (recorded.type === 'Poison') {
          throw new Error(`cannot project ${recorded.eventId}`);
        }
      }
    };
    const projectedRows = (store: SqliteEventStore): unknown[] =>
      store.database.prepare('SELECT stream_id AS streamId FROM projected ORDER BY position').all();

    it("writes the projection's rows in the append's transaction, with the recorded events", async () => {
      const seen: { inTransaction: boolean; events: RecordedEvent[] }[] = [];
      const store = open({
        inlineProjection: (tx, events) => {
          seen.push({ inTransaction: tx.db.inTransaction, events });
          project(tx, events);
        },
      });
      store.database.exec(createTable);

      const result = await store.append('good', [event(), event()], 'no_stream');

      expect(seen).toEqual([{ inTransaction: true, events: await store.readStream('good') }]);
      expect(seen[0]?.events[1]?.position).toBe(result.position);
      expect(projectedRows(store)).toEqual([{ streamId: 'good' }, { streamId: 'good' }]);
    });

    it('fails only the append whose projection throws, leaving neither its events nor its rows', async () => {
      const store = open({ inlineProjection: project });
      store.database.exec(createTable);

      const [good, poisoned] = await Promise.allSettled([
        store.append('good', [event()], 'no_stream'),
        store.append('poisoned', [event(), event('Poison')], 'no_stream'),
      ]);

      expect(good.status).toBe('fulfilled');
      expect(poisoned).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/^cannot/) } });
      await expect(store.readStream('poisoned')).rejects.toBeInstanceOf(StreamNotFoundError);
      expect(projectedRows(store)).toEqual([{ streamId: 'good' }]);
      expect(store.groupCommitStats().groups).toBe(1);
    });

    it('is not run for an idempotent re-append, which writes nothing', async () => {
      let calls = 0;
      const store = open({ inlineProjection: () => (calls += 1) });
      const batch = [event()];

      await store.append('stream', batch, 'no_stream');
      await store.append('stream', batch, 'no_stream');

      expect(calls).toBe(1);
    });
  });

  describe('durability', () => {
    it('opens the file in WAL mode with synchronous FULL unless told otherwise', () => {
      const store = open();

      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
    });

    it('uses synchronous NORMAL when asked to', () => {
      const store = open({ synchronous: 'normal', path: join(temporary.directory, 'normal.sqlite') });

      expect(store.database.pragma('synchronous', { simple: true })).toBe(1);
    });

    it('keeps every event across a reopen and continues positions after them', async () => {
      const first = open();
      const written = await first.append('stream', [event('BounceReceived', { n: 1 }), event()], 'no_stream');
      const before = await first.readStream('stream');
      await first.close();

      const reopened = open();
      const next = await reopened.append('stream', [event()], written.nextExpectedRevision);

      expect((await reopened.readStream('stream')).slice(0, 2)).toEqual(before);
      expect(next.position > written.position).toBe(true);
    });

    it('reports a file it cannot open as unavailable', () => {
      const opening = (): unknown =>
        createSqliteEventStore({ path: join(temporary.directory, 'missing', 'events.sqlite') });

      expect(opening).toThrow(EventStoreUnavailableError);
    });

    it('reports a file another connection keeps locked as unavailable once the busy timeout passes', async () => {
      const holder = open();
      const store = open({ busyTimeoutMs: 20 });
      holder.database.exec('BEGIN IMMEDIATE');

      const failure = store.append('stream', [event()], 'no_stream');

      await expect(failure).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(failure).rejects.toMatchObject({ cause: { code: 'SQLITE_BUSY' } });
      holder.database.exec('ROLLBACK');
      await expect(store.append('stream', [event()], 'no_stream')).resolves.toMatchObject({ nextExpectedRevision: 0 });
    });

    it('rejects appends after close as unavailable, and commits those accepted before it', async () => {
      const store = open({ groupCommitWindowMs: 50 });
      const accepted = store.append('stream', [event()], 'no_stream');

      await store.close();

      await expect(accepted).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await expect(store.append('stream', [event()], 0)).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(open().readStream('stream')).resolves.toHaveLength(1);
    });
  });
});
