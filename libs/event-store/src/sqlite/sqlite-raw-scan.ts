import Database from 'better-sqlite3';

/**
 * The ceiling a replay of the embedded store is measured against: one shard of a plain table scan in log order,
 * with JSON.parse of each event's data and nothing else. Returns the events read.
 */
export function rawSqliteScan(path: string, shard: { index: number; count: number }): number {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('cache_size = -65536');
  try {
    const last = (db.prepare('SELECT max(global_position) FROM events').pluck().get() as number | null) ?? 0;
    const from = Math.floor((last * shard.index) / shard.count);
    const to = Math.floor((last * (shard.index + 1)) / shard.count);
    const rows = db.prepare('SELECT data FROM events WHERE global_position > ? AND global_position <= ?').pluck();
    let events = 0;
    for (const data of rows.iterate(from, to) as IterableIterator<string>) {
      JSON.parse(data);
      events++;
    }
    return events;
  } finally {
    db.close();
  }
}
