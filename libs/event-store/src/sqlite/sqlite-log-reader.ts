import Database from 'better-sqlite3';
import type { JsonObject, ScannedEvent } from '../event-store';

/** An event of the log as a projection that catches up reads it: raw JSON text, parsed by whoever needs it. */
export interface LogRow {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string | null;
  recordedAt: string;
}

/**
 * A read-only connection of its own to an embedded store's log, for projections kept outside the store (the replay
 * projection): the log in order after a checkpoint, and a stream as it stood at a position.
 */
export interface SqliteLogReader {
  /** The highest global position (0 for an empty log). */
  lastPosition(): number;
  /** The id of the log's first event ('' when empty): tells one log from another written at the same path. */
  firstEventId(): string;
  /** Up to `limit` events after `position`, in log order. */
  after(position: number, limit: number): LogRow[];
  /** A stream's events at or before `position`, in revision order, data and metadata parsed. */
  streamUpTo(streamId: string, position: number): ScannedEvent[];
  close(): void;
}

/** [global_position, stream_id, stream_revision, event_id, type, data, metadata, recorded_at] */
type AfterRow = [number, string, number, string, string, string, string | null, string];
/** [stream_revision, event_id, type, data, metadata, recorded_at] */
type StreamRow = [number, string, string, string, string | null, string];

export function openSqliteLogReader(path: string): SqliteLogReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const last = db.prepare('SELECT max(global_position) FROM events').pluck();
  const first = db.prepare('SELECT event_id FROM events ORDER BY global_position LIMIT 1').pluck();
  const after = db
    .prepare(
      `SELECT global_position, stream_id, stream_revision, event_id, type, data, metadata, recorded_at FROM events
        WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    )
    .raw(true);
  const stream = db
    .prepare(
      `SELECT stream_revision, event_id, type, data, metadata, recorded_at FROM events
        WHERE stream_id = ? AND global_position <= ? ORDER BY stream_revision`,
    )
    .raw(true);
  return {
    lastPosition: () => (last.get() as number | null) ?? 0,
    firstEventId: () => (first.get() as string | undefined) ?? '',
    after: (position, limit) =>
      (after.all(position, limit) as AfterRow[]).map(
        ([at, streamId, revision, eventId, type, data, metadata, recordedAt]) => ({
          position: at,
          streamId,
          revision,
          eventId,
          type,
          data,
          metadata,
          recordedAt,
        }),
      ),
    streamUpTo: (streamId, position) =>
      (stream.all(streamId, position) as StreamRow[]).map(([revision, eventId, type, data, metadata, recordedAt]) => ({
        eventId,
        type,
        data: JSON.parse(data) as JsonObject,
        metadata: metadata === null ? {} : (JSON.parse(metadata) as JsonObject),
        revision,
        recordedAt,
      })),
    close: () => db.close(),
  };
}
