import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bounceEvent } from '../support/bounce-event';
import { sendToParent } from '../support/child-measurement';
import type { WritersRun } from '../support/concurrent-writers';
import { runWriters } from '../support/concurrent-writers';
import type { EmmettEvent, ExpectedStreamVersion } from './emmett-sqlite';
import { loadEmmettSqlite, STREAM_DOES_NOT_EXIST } from './emmett-sqlite';

/**
 * Emmett's SQLite event store appending the events our store appends, on a temp file, in its own process:
 *   node dist/bench/baselines/emmett-append.js <store|connection> <writers> <durationMs>
 * `store` is `getSQLiteEventStore` as shipped (it opens and closes a connection around every append); `connection`
 * calls Emmett's `appendToStream` on one connection kept open, its fastest use. Neither may run two appends at once on
 * one instance (the store closes a connection another append is using; the connection counts nested transactions),
 * and separate instances, one connection each, fought over the write lock when tried (failed appends, minutes of
 * stalls: Emmett sets no busy timeout), so concurrent writers take turns, as one process must with Emmett; each
 * writer still awaits its own appends, so latencies include the wait. Emmett comes from its own package
 * (bench/baselines/emmett, see emmett-sqlite.ts), installed by `npm run bench`.
 */
export type EmmettMode = 'store' | 'connection';

/** Fewer than our store's 200: Emmett appends a few hundred a second. */
const WARM_UP_APPENDS = 50;

type Append = (
  streamId: string,
  event: ReturnType<typeof bounceEvent>,
  expected: ExpectedStreamVersion,
) => Promise<bigint>;

async function appender(mode: EmmettMode, fileName: string): Promise<{ append: Append; close: () => void }> {
  const { appendToStream, createEventStoreSchema, getSQLiteEventStore, sqliteConnection } = loadEmmettSqlite();
  if (mode === 'store') {
    const store = getSQLiteEventStore({ fileName });
    return {
      append: async (streamId, event, expected) =>
        (await store.appendToStream(streamId, [toEmmett(event)], { expectedStreamVersion: expected }))
          .nextExpectedStreamVersion,
      close: () => undefined,
    };
  }
  const connection = sqliteConnection({ fileName });
  await createEventStoreSchema(connection);
  return {
    append: async (streamId, event, expected) => {
      const result = await appendToStream(connection, streamId, 'recipient', [toEmmett(event)], {
        expectedStreamVersion: expected,
      });
      if (!result.success) {
        throw new Error(`Emmett refused the append to ${streamId}`);
      }
      return result.nextStreamPosition;
    },
    close: () => connection.close(),
  };
}

/** Emmett generates a message id unless the metadata carries one: ours, so both stores write the same events. */
function toEmmett(event: ReturnType<typeof bounceEvent>): EmmettEvent {
  return { type: event.type, data: event.data, metadata: { messageId: event.eventId } };
}

async function measureEmmett(mode: EmmettMode, writers: number, durationMs: number): Promise<WritersRun> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-emmett-'));
  const { append, close } = await appender(mode, join(directory, 'emmett.sqlite'));
  try {
    for (let i = 0; i < WARM_UP_APPENDS; i += 1) {
      await append(`warm-up-${i}`, bounceEvent(-1, i), STREAM_DOES_NOT_EXIST);
    }
    const expected: ExpectedStreamVersion[] = Array.from({ length: writers }, () => STREAM_DOES_NOT_EXIST);
    let turn: Promise<unknown> = Promise.resolve();
    return await runWriters(writers, durationMs, (writer, sequence) => {
      const appended = turn.then(async () => {
        expected[writer] = await append(
          `recipient-bench-${writer}`,
          bounceEvent(writer, sequence),
          expected[writer] ?? STREAM_DOES_NOT_EXIST,
        );
      });
      turn = appended.catch(() => undefined);
      return appended;
    });
  } finally {
    close();
    rmSync(directory, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [mode = 'store', writers = '1', durationMs = '5000'] = process.argv.slice(2);
  measureEmmett(mode as EmmettMode, Number(writers), Number(durationMs))
    .then(sendToParent)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
