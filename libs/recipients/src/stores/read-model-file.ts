import type { SqliteConnection } from '@app/event-store';
import { openSqliteFile } from '@app/event-store';

/** The read model commits its checkpoint with its rows, so WAL with NORMAL sync is enough: a lost tail is replayed. */
export function openReadModelFile(path: string): SqliteConnection {
  const db = openSqliteFile(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Freed space is zeroed, so an erased recipient's rows leave no stale copy in the file.
  db.pragma('secure_delete = ON');
  return db;
}
