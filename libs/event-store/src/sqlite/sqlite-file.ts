import Database from 'better-sqlite3';

/** A connection made by the driver the SQLite stores use. */
export type SqliteConnection = Database.Database;

/**
 * A SQLite file opened with the driver the stores use, for code beside the stores that holds a connection of its own
 * (a read model's own file, fault injection, log snapshots, a benchmark's baseline). Read-only opens require the file
 * to exist.
 */
export function openSqliteFile(path: string, options: { readonly?: boolean } = {}): SqliteConnection {
  const readonly = options.readonly ?? false;
  return new Database(path, { readonly, fileMustExist: readonly });
}
