import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EventStore } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE } from './open-stores';

/** The embedded store exposes its better-sqlite3 connection; any other store has none. */
export function embeddedDatabase(store: EventStore): Database.Database | undefined {
  const candidate = (store as { database?: unknown }).database;
  return candidate instanceof Database ? candidate : undefined;
}

/**
 * A separate connection to an embedded DATA_DIR's database file (the log and, embedded, the read model), for tools
 * that inspect or hold it beside a running service: benchmarks, fault injection, log snapshots.
 */
export function openEmbeddedDatabase(dataDir: string, options: { readonly?: boolean } = {}): Database.Database {
  return openSqliteFile(join(dataDir, EMBEDDED_DATABASE_FILE), options);
}

/** A SQLite file opened with the driver the stores use (read-only opens require the file to exist). */
export function openSqliteFile(path: string, options: { readonly?: boolean } = {}): Database.Database {
  const readonly = options.readonly ?? false;
  return new Database(path, { readonly, fileMustExist: readonly });
}
