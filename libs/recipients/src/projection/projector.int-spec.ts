import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecipientCommand, StoredEventShape } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { createSqliteEventStore, openSqliteFile, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { DeadLetter, ReadModelStore } from '@app/read-model';
import {
  createPostgresReadModel,
  createSqliteReadModel,
  dropPostgresSchemas,
  ReadModelUnavailableError,
} from '@app/read-model';
import type { ProjectorObserver } from './projector';
import { Projector, RECIPIENT_STATUS_PROJECTION } from './projector';
import { decidedOnNewRecipient, eventually } from './testing/projection-spec-support';

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = Date.parse('2026-03-01T10:00:00.000Z');
const FULL = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' };

const decided = (command: RecipientCommand): StoredEventShape[] => decidedOnNewRecipient(command, NOW);

/** Appends straight to the log: nothing at the edge looks at it. */
async function record(store: EventStore, address: string, command: RecipientCommand): Promise<bigint> {
  const stored = decided(command);
  const result = await store.append(`${RECIPIENT_STREAM_PREFIX}${address}`, stored, 'no_stream');
  return result.position;
}

function delivery(address: string): RecipientCommand {
  return { type: 'RecordDelivery', address, occurredAt: new Date(NOW - 1000).toISOString(), source: 'mta' };
}

function softBounce(address: string, eventId: string): RecipientCommand {
  return { type: 'RecordBounce', address, eventId, occurredAt: new Date(NOW - 1000).toISOString(), smtp: FULL };
}

interface Seen {
  failed: unknown[];
  recovered: number;
  deadLettered: DeadLetter[];
}

function watching(): { observer: ProjectorObserver; seen: Seen } {
  const seen: Seen = { failed: [], recovered: 0, deadLettered: [] };
  return {
    seen,
    observer: {
      failed: (error) => seen.failed.push(error),
      recovered: () => seen.recovered++,
      deadLettered: (letter) => seen.deadLettered.push(letter),
    },
  };
}

describe('Projector', () => {
  let dir: string;
  let eventStore: EventStore;
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projector-'));
    eventStore = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function sqliteReadModel(): ReadModelStore {
    const db = openSqliteFile(join(dir, 'read-model.sqlite'));
    const readModel = createSqliteReadModel({ db });
    cleanups.push(() => {
      db.close();
    });
    return readModel;
  }

  (DATABASE_URL === undefined ? describe.skip : describe)(
    'over PostgreSQL, given an event whose eventId holds a NUL',
    () => {
      const schema = `projector_${process.pid}_${Date.now()}`;
      afterAll(() => dropPostgresSchemas(DATABASE_URL!, [schema]));

      it('sets that event aside as a dead letter and projects every later event', async () => {
        const readModel = await createPostgresReadModel({ connectionString: DATABASE_URL!, schema });
        cleanups.push(() => readModel.close());
        await record(eventStore, 'before', delivery('before@example.com'));
        const poisoned = await record(eventStore, 'poisoned', softBounce('poisoned@example.com', 'ev\u00001'));
        const after = await record(eventStore, 'after', delivery('after@example.com'));
        const { observer, seen } = watching();
        const projector = new Projector(eventStore, readModel, observer);
        cleanups.push(() => projector.close());
        await projector.start();

        await eventually(async () => expect(await readModel.getRecipient('after@example.com')).not.toBeNull());
        expect(await readModel.getRecipient('before@example.com')).not.toBeNull();
        expect(await readModel.getRecipient('poisoned@example.com')).toBeNull();
        expect(await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(after);
        const summary = await readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, 5);
        expect(summary.total).toBe(1);
        expect(summary.first[0]).toMatchObject({
          position: poisoned,
          streamId: 'recipient-poisoned',
          type: 'BounceReceived',
          error: expect.stringMatching(/22P05|22021/),
        });
        expect(seen.deadLettered.map((letter) => letter.position)).toEqual([poisoned]);
        expect(seen.failed).toHaveLength(1);
        expect(seen.recovered).toBe(1);
        expect(projector.healthy).toBe(true);

        // A restart resumes after it: nothing is set aside twice.
        await projector.close();
        const restarted = new Projector(eventStore, readModel, observer);
        cleanups.push(() => restarted.close());
        await restarted.start();
        const later = await record(eventStore, 'later', delivery('later@example.com'));
        await eventually(async () => expect(await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(later));
        expect((await readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, 5)).total).toBe(1);
      });
    },
  );

  it('sets aside an event it cannot decode, and moves on', async () => {
    const readModel = sqliteReadModel();
    const newer = decided(delivery('newer@example.com'))[0]!;
    const undecodable = (
      await eventStore.append(
        `${RECIPIENT_STREAM_PREFIX}newer`,
        [{ ...newer, metadata: { ...newer.metadata, schemaVersion: 999 } }],
        'no_stream',
      )
    ).position;
    const after = await record(eventStore, 'after', delivery('after@example.com'));
    const { observer, seen } = watching();
    const projector = new Projector(eventStore, readModel, observer);
    cleanups.push(() => projector.close());
    await projector.start();

    await eventually(async () => expect(await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(after));
    expect(await readModel.getRecipient('after@example.com')).not.toBeNull();
    expect((await readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, 5)).first).toEqual([
      expect.objectContaining({ position: undecodable, error: expect.stringMatching(/schema version 999/) }),
    ]);
    expect(seen.deadLettered).toHaveLength(1);
  });

  it('refused only in one batch: the others commit, and one event is set aside after a few tries', async () => {
    const real = sqliteReadModel();
    const refusing = await record(eventStore, 'refused', delivery('refused@example.com'));
    let refusals = 0;
    const readModel: ReadModelStore = Object.assign(Object.create(real) as ReadModelStore, {
      project: (...args: Parameters<ReadModelStore['project']>) => {
        if (args[0].some((event) => event.position === refusing)) {
          refusals++;
          return Promise.reject(new Error('PostgreSQL rejected a read-model statement (22P05)'));
        }
        return real.project(...args);
      },
    });
    await record(eventStore, 'first', delivery('first@example.com'));
    const { observer } = watching();
    const projector = new Projector(eventStore, readModel, observer);
    cleanups.push(() => projector.close());
    await projector.start();
    const last = await record(eventStore, 'last', delivery('last@example.com'));

    await eventually(async () => expect(await real.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBe(last));
    expect(await real.getRecipient('first@example.com')).not.toBeNull();
    expect(await real.getRecipient('refused@example.com')).toBeNull();
    expect((await real.deadLetters(RECIPIENT_STATUS_PROJECTION, 5)).total).toBe(1);
    // Three tries of a batch holding it, at most, then three of it alone.
    expect(refusals).toBeLessThanOrEqual(6);
  });

  describe('while the read model cannot be reached', () => {
    function unreachable(real: ReadModelStore, project: ReadModelStore['project']): ReadModelStore {
      return Object.assign(Object.create(real) as ReadModelStore, { project });
    }

    it('keeps retrying without setting anything aside, and closes within its bound', async () => {
      const real = sqliteReadModel();
      let attempts = 0;
      const readModel = unreachable(real, () => {
        attempts++;
        return Promise.reject(new ReadModelUnavailableError('PostgreSQL is unavailable (ECONNREFUSED)'));
      });
      await record(eventStore, 'waiting', delivery('waiting@example.com'));
      const { observer, seen } = watching();
      const projector = new Projector(eventStore, readModel, observer, { closeTimeoutMs: 1_000 });
      await projector.start();
      await eventually(() => expect(attempts).toBeGreaterThanOrEqual(4));
      expect(projector.healthy).toBe(false);
      expect(seen.failed).toHaveLength(1);
      expect((await real.deadLetters(RECIPIENT_STATUS_PROJECTION, 5)).total).toBe(0);

      const started = Date.now();
      await projector.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await real.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBeUndefined();
    });

    it('closes within its bound even when a write never answers', async () => {
      const real = sqliteReadModel();
      const readModel = unreachable(real, () => new Promise<void>(() => undefined));
      await record(eventStore, 'hanging', delivery('hanging@example.com'));
      const projector = new Projector(eventStore, readModel, {}, { closeTimeoutMs: 300 });
      await projector.start();
      await new Promise((resolve) => setTimeout(resolve, 100));

      const started = Date.now();
      await projector.close();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(await real.checkpoint(RECIPIENT_STATUS_PROJECTION)).toBeUndefined();
    });
  });
});
