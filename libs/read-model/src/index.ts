export * from './dead-letter';
export * from './read-model-store';
export * from './recipient-status.projection';
export * from './standing-summary';
export type { SqliteReadModel, SqliteReadModelOptions } from './sqlite/sqlite-read-model';
export {
  createSqliteReadModel,
  DEFAULT_SQLITE_ROW_CACHE_SIZE,
  RECIPIENT_STATUS_CHECKPOINT,
} from './sqlite/sqlite-read-model';
import type * as PostgresProjectorLeaseModule from './postgres/postgres-projector-lease';
import type { PostgresProjectorLease, PostgresProjectorLeaseOptions } from './postgres/postgres-projector-lease';
import type * as PostgresReadModelModule from './postgres/postgres-read-model';
import type { PostgresReadModelOptions } from './postgres/postgres-read-model';
import type { ReadModelStore } from './read-model-store';
import type * as PostgresSchemasModule from './testing/postgres-schemas';
import type * as ReadModelRowsModule from './testing/read-model-rows';
import type { ReadModelRows } from './testing/read-model-rows';
export type { PostgresReadModelOptions } from './postgres/postgres-read-model';
export type { PostgresProjectorLease, PostgresProjectorLeaseOptions } from './postgres/postgres-projector-lease';
export type { ReadModelRows } from './testing/read-model-rows';

/*
 * What loads `pg` is required on first use: the embedded service (SQLite only) never needs the driver, and loading
 * it is part of every start otherwise.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a static import would load pg at start */

export function createPostgresReadModel(options: PostgresReadModelOptions): Promise<ReadModelStore> {
  const adapter = require('./postgres/postgres-read-model') as typeof PostgresReadModelModule;
  return adapter.createPostgresReadModel(options);
}

export function createPostgresProjectorLease(options: PostgresProjectorLeaseOptions): PostgresProjectorLease {
  const lease = require('./postgres/postgres-projector-lease') as typeof PostgresProjectorLeaseModule;
  return lease.createPostgresProjectorLease(options);
}

/** Testing aids, for tests outside the lib that compare builds of the read model and clean up after themselves. */
export function sqliteReadModelRows(path: string): ReadModelRows {
  return (require('./testing/read-model-rows') as typeof ReadModelRowsModule).sqliteReadModelRows(path);
}

export function postgresReadModelRows(connectionString: string, schema: string): Promise<ReadModelRows> {
  const rows = require('./testing/read-model-rows') as typeof ReadModelRowsModule;
  return rows.postgresReadModelRows(connectionString, schema);
}

export function dropPostgresSchemas(connectionString: string, schemas: readonly string[]): Promise<void> {
  const schemasAid = require('./testing/postgres-schemas') as typeof PostgresSchemasModule;
  return schemasAid.dropPostgresSchemas(connectionString, schemas);
}
/* eslint-enable @typescript-eslint/no-require-imports */
