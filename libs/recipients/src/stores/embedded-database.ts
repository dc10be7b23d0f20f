import { join } from 'node:path';
import type { SqliteConnection } from '@app/event-store';
import { openSqliteFile } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE } from './open-stores';

/**
 * A separate connection to an embedded DATA_DIR's database file (the log and, embedded, the read model), for tools
 * that inspect or hold it beside a running service: benchmarks, fault injection, log snapshots.
 */
export function openEmbeddedDatabase(dataDir: string, options: { readonly?: boolean } = {}): SqliteConnection {
  return openSqliteFile(join(dataDir, EMBEDDED_DATABASE_FILE), options);
}
