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
export type { PostgresReadModelOptions } from './postgres/postgres-read-model';
export { createPostgresReadModel } from './postgres/postgres-read-model';
export type { PostgresProjectorLease, PostgresProjectorLeaseOptions } from './postgres/postgres-projector-lease';
export { createPostgresProjectorLease } from './postgres/postgres-projector-lease';
/** Testing aids, for tests outside the lib that compare builds of the read model and clean up after themselves. */
export type { ReadModelRows } from './testing/read-model-rows';
export { postgresReadModelRows, sqliteReadModelRows } from './testing/read-model-rows';
export { dropPostgresSchemas } from './testing/postgres-schemas';
