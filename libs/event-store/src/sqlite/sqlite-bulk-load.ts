import Database from 'better-sqlite3';
import type { JsonObject } from '../event-store';
import { createSqliteEventStore } from './sqlite-event-store';
import { lastGlobalPosition } from './sqlite-stream-scan';

/**
 * An event as a bulk load writes it: its stream and revision are the loader's to choose, unchecked. Data and metadata
 * may come as JSON text already (made on another thread, say).
 */
export interface BulkEvent {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: JsonObject | string;
  metadata: JsonObject | string;
  recordedAt: string;
}

export interface SqliteBulkLoader {
  /** Writes the events in one transaction, in the order given (their global positions follow it). */
  write(events: readonly BulkEvent[]): void;
  /** Puts the file back in WAL mode, ready for the store, and closes it. */
  close(): void;
}

/**
 * Fills an empty store file fast, for generated histories: no per-append checks, the journal in memory and nothing
 * synced (a generated history can be generated again). The append path would make millions of events take hours.
 */
export async function openSqliteBulkLoader(path: string): Promise<SqliteBulkLoader> {
  // The store creates the schema; the load itself runs on a connection of its own, which may leave WAL mode.
  await createSqliteEventStore({ path }).close();
  const db = new Database(path);
  try {
    if (lastGlobalPosition(db) > 0) {
      throw new Error(`${path} already holds events; a bulk load needs an empty store`);
    }
    // better-sqlite3's defensive mode refuses journal_mode OFF; the page cache is big enough for the two unique
    // indexes, whose keys (hashes, UUIDs) land on random pages.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2097152');
  } catch (error) {
    db.close();
    throw error;
  }
  const insert = db.prepare(
    `INSERT INTO events (stream_id, stream_revision, event_id, type, data, metadata, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const write = db.transaction((events: readonly BulkEvent[]) => {
    for (const event of events) {
      insert.run(
        event.streamId,
        event.revision,
        event.eventId,
        event.type,
        jsonText(event.data),
        jsonText(event.metadata),
        event.recordedAt,
      );
    }
  });
  return {
    write: (events) => write(events),
    close: () => {
      db.pragma('journal_mode = WAL');
      db.close();
    },
  };
}

function jsonText(value: JsonObject | string): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
