import type { Database } from 'better-sqlite3';
import type { StreamErasure } from '../event-store';
import { StreamNotFoundError } from '../event-store';

/**
 * Deletes a stream's rows for good: with `secure_delete` the freed pages are zeroed rather than left readable in the
 * file, and a truncating checkpoint then removes the older page images from the WAL. The log's last event must not be
 * one of them: positions are rowids, so deleting the tail would hand its positions out again and a subscriber
 * checkpointed there would miss the next events. An erasure records itself elsewhere first, which keeps the tail.
 *
 * `walCleared` is false when another connection (a reader mid-transaction) kept the checkpoint from truncating the
 * WAL; the old images go at the next truncating checkpoint, and the caller can retry it with `clearWal`.
 */
export function eraseSqliteStream(db: Database, streamId: string): StreamErasure {
  const erase = db.transaction((): number => {
    const range = db
      .prepare<[string], { count: number; last: number | null }>(
        'SELECT count(*) AS count, max(global_position) AS last FROM events WHERE stream_id = ?',
      )
      .get(streamId);
    if (range === undefined || range.count === 0) {
      throw new StreamNotFoundError(streamId);
    }
    const tail = db.prepare('SELECT max(global_position) FROM events').pluck().get() as number;
    if (range.last === tail) {
      throw new RangeError(`Stream ${streamId} holds the log's last event; record the erasure before erasing it`);
    }
    return db.prepare('DELETE FROM events WHERE stream_id = ?').run(streamId).changes;
  });
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const erasedEvents = erase.immediate();
    return { erasedEvents, walCleared: clearWal(db) };
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
}

/** Copies the WAL into the file and truncates it; true when nothing of the old WAL is left. */
export function clearWal(db: Database): boolean {
  if (db.memory) {
    return true;
  }
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  return result !== undefined && result.busy === 0 && result.log === 0;
}
