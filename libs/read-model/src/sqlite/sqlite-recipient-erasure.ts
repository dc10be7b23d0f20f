import type { Database } from 'better-sqlite3';

/**
 * Deletes a recipient's rows (its status, its restorations, the dead letters of its stream) and answers the address
 * they held, for the caches to drop. With `secure_delete` the freed pages are zeroed, and a truncating checkpoint
 * removes their older images from the WAL (the file may be the event store's, in the embedded deployment).
 */
export function eraseSqliteRecipientRows(db: Database, streamId: string): string | undefined {
  const erase = db.transaction((): string | undefined => {
    const address = db
      .prepare<[string], string>('SELECT address FROM recipient_status WHERE stream_id = ?')
      .pluck()
      .get(streamId);
    db.prepare('DELETE FROM recipient_status WHERE stream_id = ?').run(streamId);
    db.prepare('DELETE FROM restorations WHERE stream_id = ?').run(streamId);
    db.prepare('DELETE FROM projection_dead_letters WHERE stream_id = ?').run(streamId);
    return address;
  });
  const previous = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  try {
    const address = erase.immediate();
    if (!db.memory) {
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return address;
  } finally {
    db.pragma(`secure_delete = ${previous}`);
  }
}
