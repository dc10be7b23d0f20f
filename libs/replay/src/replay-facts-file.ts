import { CLASSIFIER_VERSION } from '@app/domain';
import type { SqliteConnection } from '@app/event-store';
import { openSqliteFile } from '@app/event-store';

/**
 * The replay projection's own SQLite file, beside the store's: every recipient event of the log encoded fixed-width
 * (see the domain's `encodeReplayFact`), in chunks per partition of the recipients, in log order. It is derived data:
 * deleting the file, or a new classifier version, rebuilds it from the log on the next simulation.
 *
 * Record layout, the same in every chunk: `ints` holds three 32-bit integers per event (the stream's ordinal, the
 * kind in the low byte with the code above it, and the bounce's evidence ordinal or, for a restoration and a revert,
 * the revision of the fact that restored), `times` two doubles (`at` and `recordedAt`, epoch ms).
 */
export const REPLAY_FACTS_FORMAT = '2';
export const PARTITIONS = 16;
export const INTS_PER_EVENT = 3;
export const TIMES_PER_EVENT = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS replay_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS replay_streams (ordinal INTEGER PRIMARY KEY, stream_id TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS replay_evidence (
  ordinal INTEGER PRIMARY KEY,
  evidence TEXT NOT NULL UNIQUE,
  base_class INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS replay_restorations (restoration_id TEXT PRIMARY KEY, trigger_revision INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS replay_classifications (overrides TEXT PRIMARY KEY, codes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS replay_chunks (
  partition INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  events INTEGER NOT NULL,
  up_to INTEGER NOT NULL,
  ints BLOB NOT NULL,
  times BLOB NOT NULL,
  PRIMARY KEY (partition, sequence)
);`;

/** Empties everything projected from the log (not the format stamp). */
export const CLEAR_PROJECTION =
  'DELETE FROM replay_streams; DELETE FROM replay_evidence; DELETE FROM replay_restorations; ' +
  'DELETE FROM replay_classifications; DELETE FROM replay_chunks';

/** The projection's file for a store file. */
export function replayFactsPath(storePath: string): string {
  return `${storePath}.replay-facts`;
}

/** Opens (creating when absent) the projection; a file of another format or classifier version is emptied. */
export function openReplayFacts(path: string): SqliteConnection {
  const db = openSqliteFile(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 60000');
  db.exec(SCHEMA);
  const stamp = `${REPLAY_FACTS_FORMAT}/${CLASSIFIER_VERSION}`;
  db.transaction(() => {
    if (readMeta(db, 'stamp') !== stamp) {
      db.exec(`DELETE FROM replay_meta; ${CLEAR_PROJECTION}`);
      writeMeta(db, 'stamp', stamp);
    }
  }).immediate();
  return db;
}

/** Opens an existing projection to read, e.g. on a worker thread. */
export function openReplayFactsReadOnly(path: string): SqliteConnection {
  const db = openSqliteFile(path, { readonly: true });
  db.pragma('cache_size = -65536');
  return db;
}

export function readMeta(db: SqliteConnection, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM replay_meta WHERE key = ?').pluck().get(key) as string | undefined;
  return row;
}

export function writeMeta(db: SqliteConnection, key: string, value: string): void {
  db.prepare(
    'INSERT INTO replay_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** The log position the projection has read up to: events after it are not in the projection yet. */
export function readCheckpoint(db: SqliteConnection): number {
  return Number(readMeta(db, 'checkpoint') ?? '0');
}

/** A partition's events, its chunks joined in log order. */
export interface PartitionFacts {
  events: number;
  ints: Int32Array;
  times: Float64Array;
}

/** One partition's events up to a checkpoint: chunks a later catch-up wrote are left out. */
export function readPartition(db: SqliteConnection, partition: number, checkpoint: number): PartitionFacts {
  const chunks = db
    .prepare('SELECT events, ints, times FROM replay_chunks WHERE partition = ? AND up_to <= ? ORDER BY sequence')
    .raw(true)
    .all(partition, checkpoint) as [number, Buffer, Buffer][];
  const events = chunks.reduce((sum, [count]) => sum + count, 0);
  const ints = new Int32Array(events * INTS_PER_EVENT);
  const times = new Float64Array(events * TIMES_PER_EVENT);
  const intBytes = new Uint8Array(ints.buffer);
  const timeBytes = new Uint8Array(times.buffer);
  let at = 0;
  for (const [count, intsBlob, timesBlob] of chunks) {
    // Blobs come unaligned; copying the bytes into aligned arrays is one memcpy each.
    intBytes.set(intsBlob, at * INTS_PER_EVENT * 4);
    timeBytes.set(timesBlob, at * TIMES_PER_EVENT * 8);
    at += count;
  }
  return { events, ints, times };
}
