import type { EventStore, ScanReplicaSource } from './event-store';
import { createSqliteEventStore } from './sqlite/sqlite-event-store';

/** Opens the read-only store a `scanReplicaSource()` describes, e.g. on a worker thread scanning one shard. */
export function openScanReplica(source: ScanReplicaSource): EventStore {
  switch (source.adapter) {
    case 'sqlite':
      return createSqliteEventStore({ path: source.path, readOnly: true, pollIntervalMs: 0 });
    default: {
      const unknown: never = source.adapter;
      throw new TypeError(`No scan replica for the ${String(unknown)} adapter`);
    }
  }
}
