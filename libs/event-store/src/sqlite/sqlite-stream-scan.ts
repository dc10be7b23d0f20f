import type Database from 'better-sqlite3';
import type { JsonObject, ScannedEvent, ScannedStream, StreamBatch, StreamScanOptions } from '../event-store';
import { RECIPIENT_STREAM_PREFIX } from '../recipient-stream';

/** A batch ends after this many events (or at the end of the stream that crosses it). */
const BATCH_EVENTS = 4096;
/** Scanning runs this long before letting the event loop turn (appends, requests, timers). */
const SLICE_MS = 50;

/** [revision, eventId, type, data JSON, metadata JSON or null, recordedAt, streamId], as the scan selects them. */
type ScanRow = [number, string, string, string, string | null, string, string];

const SCAN_SQL = `SELECT stream_revision, event_id, type, data, metadata, recorded_at, stream_id
  FROM events WHERE stream_id >= ? AND stream_id < ? ORDER BY stream_id, stream_revision`;

/**
 * Reads whole streams in stream-name order through the UNIQUE(stream_id, stream_revision) index: only one batch is
 * in memory at once, however large the log. Stream names end in a hex hash, so shards are contiguous hash ranges of
 * about equal size. `db` must be a connection of the scan's own: an iterating statement keeps it busy. A database
 * in memory has no second connection, so `ownConnection` is false for it and the range is read whole first.
 */
export async function* scanSqliteStreams(
  db: Database.Database,
  ownConnection: boolean,
  options: StreamScanOptions = {},
): AsyncGenerator<StreamBatch> {
  const { from, to } = shardRange(options);
  const statement = db.prepare(SCAN_SQL).raw(true);
  const rows = ownConnection
    ? (statement.iterate(from, to) as IterableIterator<ScanRow>)
    : (statement.all(from, to) as ScanRow[])[Symbol.iterator]();
  let batch: StreamBatch = [];
  let events = 0;
  let current: ScannedStream | undefined;
  let sliceEnds = performance.now() + SLICE_MS;
  try {
    for (const row of rows) {
      const streamId = row[6];
      if (current?.streamId !== streamId) {
        if (events >= BATCH_EVENTS) {
          if (options.signal?.aborted === true) {
            return;
          }
          yield batch;
          batch = [];
          events = 0;
          if (performance.now() >= sliceEnds) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            sliceEnds = performance.now() + SLICE_MS;
          }
        }
        current = { streamId, events: [] };
        batch.push(current);
      }
      current.events.push(toScannedEvent(row));
      events++;
    }
    if (batch.length > 0 && options.signal?.aborted !== true) {
      yield batch;
    }
  } finally {
    // Ends the statement when the consumer stops early, so the connection is free again.
    if (ownConnection) {
      rows.return?.();
    }
  }
}

function toScannedEvent([revision, eventId, type, data, metadata, recordedAt]: ScanRow): ScannedEvent {
  return {
    eventId,
    type,
    data: JSON.parse(data) as JsonObject,
    metadata: metadata === null ? {} : readMetadata(metadata),
    revision,
    recordedAt,
  };
}

/** The metadata nearly every event carries: a schema version and the time it was recorded, nothing else. */
const COMMON_METADATA = /^\{"schemaVersion":(\d+),"recordedAt":"([^"\\]*)"\}$/;

/** Matching the common shape costs a fraction of JSON.parse, which only other shapes (correlation ids) still take. */
function readMetadata(metadata: string): JsonObject {
  const common = COMMON_METADATA.exec(metadata);
  if (common !== null) {
    return { schemaVersion: Number(common[1]), recordedAt: common[2] };
  }
  return JSON.parse(metadata) as JsonObject;
}

/** The half-open range of stream names [from, to) that a shard covers. */
export function shardRange({ shard = { index: 0, count: 1 }, prefix = RECIPIENT_STREAM_PREFIX }: StreamScanOptions): {
  from: string;
  to: string;
} {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`shard ${index} of ${count} does not exist`);
  }
  const bound = (at: number): string =>
    Math.floor((at * 0x10000) / count)
      .toString(16)
      .padStart(4, '0');
  // The first shard starts at the bare prefix and the last ends past 'f', so no stream name falls between shards.
  const from = index === 0 ? prefix : prefix + bound(index);
  const to = index === count - 1 ? `${prefix}g` : prefix + bound(index + 1);
  return { from, to };
}

/** The highest global position: the event count of a log without gaps, read from the primary key at once. */
export function lastGlobalPosition(db: Database.Database): number {
  const row = db.prepare('SELECT max(global_position) AS last FROM events').get() as { last: number | null };
  return row.last ?? 0;
}
