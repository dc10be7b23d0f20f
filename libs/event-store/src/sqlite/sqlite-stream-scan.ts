import type Database from 'better-sqlite3';
import { RECIPIENT_STREAM_PREFIX } from '../recipient-stream';

/**
 * One stored event as the scan reads it, left as the row array better-sqlite3 returns (no object per row):
 * [revision, eventId, type, data JSON, metadata JSON or null, recordedAt, streamId].
 */
export type ScannedEvent = readonly [
  revision: number,
  eventId: string,
  type: string,
  data: string,
  metadata: string | null,
  recordedAt: string,
  streamId: string,
];

export interface ScannedStream {
  streamId: string;
  /** The stream's events in revision order. */
  events: ScannedEvent[];
}

export interface StreamScanOptions {
  /** Which of `shards` contiguous ranges of stream names to read, from 0. */
  shard: number;
  shards: number;
  /** Streams whose names start with this, followed by lower-case hex (default: recipient streams). */
  prefix?: string;
}

const SCAN_SQL = `SELECT stream_revision, event_id, type, data, metadata, recorded_at, stream_id
  FROM events WHERE stream_id >= ? AND stream_id < ? ORDER BY stream_id, stream_revision`;

/**
 * Reads whole streams one at a time, in stream-name order, through the UNIQUE(stream_id, stream_revision) index:
 * only one stream is in memory at once, however large the log. Stream names end in a hex hash, so the shards are
 * contiguous hash ranges of about equal size, one per worker thread. The caller must not use `db` for anything
 * else until the iteration ends (better-sqlite3 keeps the connection busy while a statement iterates).
 */
export function* scanRecipientStreams(db: Database.Database, options: StreamScanOptions): Generator<ScannedStream> {
  const { from, to } = shardRange(options);
  const rows = db.prepare(SCAN_SQL).raw(true).iterate(from, to) as IterableIterator<unknown[]>;
  let streamId: string | undefined;
  let events: ScannedEvent[] = [];
  for (const row of rows) {
    const rowStream = row[6] as string;
    if (rowStream !== streamId) {
      if (streamId !== undefined) {
        yield { streamId, events };
      }
      streamId = rowStream;
      events = [];
    }
    events.push(row as unknown as ScannedEvent);
  }
  if (streamId !== undefined) {
    yield { streamId, events };
  }
}

/** The half-open range of stream names [from, to) that a shard covers. */
export function shardRange({ shard, shards, prefix = RECIPIENT_STREAM_PREFIX }: StreamScanOptions): {
  from: string;
  to: string;
} {
  if (!Number.isInteger(shards) || shards < 1 || !Number.isInteger(shard) || shard < 0 || shard >= shards) {
    throw new RangeError(`shard ${shard} of ${shards} does not exist`);
  }
  const bound = (index: number): string =>
    Math.floor((index * 0x10000) / shards)
      .toString(16)
      .padStart(4, '0');
  // The first shard starts at the bare prefix and the last ends past 'f', so no stream name falls between shards.
  const from = shard === 0 ? prefix : prefix + bound(shard);
  const to = shard === shards - 1 ? `${prefix}g` : prefix + bound(shard + 1);
  return { from, to };
}

/** The highest global position: the event count of a log without gaps, read from the primary key at once. */
export function lastGlobalPosition(db: Database.Database): number {
  const row = db.prepare('SELECT max(global_position) AS last FROM events').get() as { last: number | null };
  return row.last ?? 0;
}
