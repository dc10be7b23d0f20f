export * from './event-store';
export * from './recipient-stream';
import type { EventStore } from './event-store';
import type * as EventStoreDbAdapter from './eventstoredb/eventstoredb-event-store';
import type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb-event-store';

/**
 * The EventStoreDB adapter, loaded on first use: its gRPC client is the largest part of loading the service, and the
 * embedded store never needs it.
 */
export function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): EventStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load the client at start
  const adapter = require('./eventstoredb/eventstoredb-event-store') as typeof EventStoreDbAdapter;
  return adapter.createEventStoreDbEventStore(options);
}
export type { ResubscribeOptions } from './eventstoredb/eventstoredb-subscription';
export { openScanReplica } from './scan-replica';
export { openSqliteBulkLoader } from './sqlite/sqlite-bulk-load';
/** The ceiling bench/replay.bench.ts holds a replay of the embedded store against. */
export { rawSqliteScan } from './sqlite/sqlite-raw-scan';
export type { BulkEvent, SqliteBulkLoader } from './sqlite/sqlite-bulk-load';
export { openSqliteFile } from './sqlite/sqlite-file';
export { openSqliteLogReader } from './sqlite/sqlite-log-reader';
export type { LogRow, SqliteLogReader } from './sqlite/sqlite-log-reader';
export type { SqliteConnection } from './sqlite/sqlite-file';
export { createSqliteEventStore, SQLITE_EVENT_STORE_MIGRATIONS } from './sqlite/sqlite-event-store';
export type { GroupCommitStats, SqliteEventStore, SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export type { InlineProjection, SqliteTransactionContext } from './sqlite/sqlite-append';
export { runMigrations } from './sqlite/migrations';
export type { Migration } from './sqlite/migrations';
export { claimSqliteStoreMetadata, claimStoreMetadata, STORE_METADATA_STREAM } from './store-metadata';
