import Database from 'better-sqlite3';

/**
 * A stream-order scan reaches table pages in no particular order, so SQLite's default 2 MB page cache would re-read
 * most of them from the OS; 64 MB per connection keeps the interior pages and recent leaves without making a
 * two-worker run heavy.
 */
const SCAN_CACHE_KIB = 64 * 1024;

/** A connection of its own to the embedded database file, for a long scan beside the store's connection. */
export function openScanConnection(path: string): Database.Database {
  const db = new Database(path, { fileMustExist: true });
  db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
  return db;
}
