import type { Database, Statement } from 'better-sqlite3';
import { splitTrace } from '../event-trace';
import type { JsonObject, RecordedEvent } from '../event-store';

/** A row of `events` as the reading statements select it; statements run with safe integers, so numbers are bigint. */
export interface EventRow {
  position: bigint;
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  data: string;
  metadata: string | null;
  recordedAt: string;
}

/** The select list every reading statement shares, aliased to `EventRow`'s names. */
export const EVENT_COLUMNS = `global_position AS position, stream_id AS streamId, stream_revision AS revision,
  event_id AS eventId, type, data, metadata, recorded_at AS recordedAt`;

/** The log's events after a position, in order, a page at a time: what reading all and subscribing both page by. */
export function prepareLogPage(db: Database): Statement<[bigint, number], EventRow> {
  return db
    .prepare<[bigint, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`,
    )
    .safeIntegers(true);
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.eventId,
    type: row.type,
    data: parseObject(row.data, row),
    ...splitTrace(row.metadata === null ? {} : parseObject(row.metadata, row)),
    streamId: row.streamId,
    revision: Number(row.revision),
    position: row.position,
    recordedAt: row.recordedAt,
  };
}

/** Metadata is stored as NULL when the caller gave none, which most appends do. */
export function serialiseMetadata(metadata: JsonObject | undefined): string | null {
  return metadata === undefined ? null : JSON.stringify(metadata);
}

function parseObject(text: string, row: EventRow): JsonObject {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Event ${row.eventId} at position ${row.position} holds JSON that is not an object`);
  }
  return value as JsonObject;
}
