import type { JsonObject, EventStore, SqliteEventStore } from '@app/event-store';
import { runMigrations } from '@app/event-store';
import { factFingerprint, fromStoredEvent, isFact, isRecipientEventType } from '@app/domain';
import type { Database } from 'better-sqlite3';
import type { RecipientSnapshot } from './recipient-snapshot';
import { deserialiseRecipientState, RECIPIENT_SNAPSHOT_FORMAT, serialiseRecipientState } from './recipient-snapshot';
import type { RecipientSnapshotStore } from './recipient-snapshot-store';

/**
 * A table beside the log in the embedded file, with a schema history of its own: the log's readers (`readAll`,
 * subscriptions, stream scans, rebuilds, replays) read only `events`, so a snapshot can never pass for an event.
 */
const SNAPSHOT_MIGRATIONS = [
  {
    version: 1,
    name: 'recipient_snapshots',
    up: `CREATE TABLE recipient_snapshots (
      stream_id TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      global_position INTEGER NOT NULL,
      format TEXT NOT NULL,
      state TEXT NOT NULL
    )`,
  },
];

interface SnapshotRow {
  revision: number;
  position: bigint;
  format: string;
  state: string;
}

interface FactRow {
  eventId: string;
  type: string;
  data: string;
  metadata: string | null;
  recordedAt: string;
}

export function isSqliteEventStore(store: EventStore): store is SqliteEventStore {
  return 'database' in store;
}

/**
 * Snapshots in the embedded file. A snapshot is written on the turn after it is asked for, without an fsync of its
 * own (it is a cache: one lost to a power cut is folded again) and only while its event is still in the stream, so a
 * write queued before an erasure cannot bring the erased state back. Rows are written and deleted with
 * `secure_delete`, so the pages an older snapshot leaves are zeroed rather than left readable.
 */
export function createSqliteRecipientSnapshots(db: Database): RecipientSnapshotStore {
  runMigrations(db, SNAPSHOT_MIGRATIONS, 'recipient_snapshot_migrations');
  const select = db
    .prepare<[string], SnapshotRow>(
      'SELECT revision, global_position AS position, format, state FROM recipient_snapshots WHERE stream_id = ?',
    )
    .safeIntegers(true);
  const upsert = db.prepare<[string, number, bigint, string, string, bigint, string]>(
    `INSERT INTO recipient_snapshots (stream_id, revision, global_position, format, state)
     SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM events WHERE global_position = ? AND stream_id = ?)
     ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, global_position = excluded.global_position,
       format = excluded.format, state = excluded.state`,
  );
  const remove = db.prepare<[string]>('DELETE FROM recipient_snapshots WHERE stream_id = ?');
  const selectFact = db.prepare<[string, string], FactRow>(
    `SELECT event_id AS eventId, type, data, metadata, recorded_at AS recordedAt
     FROM events WHERE event_id = ? AND stream_id = ?`,
  );

  /** Runs a write with the connection's settings for a cache row, and puts them back before anything else runs. */
  function asCacheWrite(write: () => void): void {
    const synchronous = db.pragma('synchronous', { simple: true }) as number;
    const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
    db.pragma('synchronous = OFF');
    db.pragma('secure_delete = ON');
    try {
      write();
    } finally {
      db.pragma(`secure_delete = ${secureDelete}`);
      db.pragma(`synchronous = ${synchronous}`);
    }
  }

  return {
    read(streamId) {
      const row = select.get(streamId);
      if (row === undefined || row.format !== RECIPIENT_SNAPSHOT_FORMAT) {
        return undefined;
      }
      return { state: deserialiseRecipientState(row.state), revision: Number(row.revision), position: row.position };
    },
    write(streamId, snapshot: RecipientSnapshot) {
      const state = serialiseRecipientState(snapshot.state);
      setImmediate(() => {
        if (!db.open) {
          return;
        }
        const { revision, position } = snapshot;
        try {
          asCacheWrite(() =>
            upsert.run(streamId, revision, position, RECIPIENT_SNAPSHOT_FORMAT, state, position, streamId),
          );
        } catch {
          // A snapshot that could not be kept (the file busy with another process's write) is folded again.
        }
      });
    },
    erase(streamId) {
      asCacheWrite(() => remove.run(streamId));
    },
    factFingerprints(streamId, eventIds) {
      const found = new Map<string, string>();
      for (const eventId of eventIds) {
        const row = selectFact.get(eventId, streamId);
        if (row === undefined || !isRecipientEventType(row.type)) {
          continue;
        }
        const metadata = row.metadata === null ? {} : (JSON.parse(row.metadata) as JsonObject);
        const event = fromStoredEvent(
          { eventId, type: row.type, data: JSON.parse(row.data) as JsonObject, metadata },
          row.recordedAt,
        );
        if (isFact(event)) {
          found.set(eventId, factFingerprint(event));
        }
      }
      return found;
    },
  };
}
