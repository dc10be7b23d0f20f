import type { RecipientEvent } from '@app/domain';
import { fromStoredEvent, isRecipientEventType, SCHEMA_VERSION } from '@app/domain';
import type { ScannedEvent, ScannedStream } from '@app/event-store';
import type { ReplaySides } from './recipient-replay';
import { RecipientReplay } from './recipient-replay';

/** The metadata every event of the current schema carries, as `toStoredEvent` writes it. */
const METADATA_PREFIX = `{"schemaVersion":${SCHEMA_VERSION},"recordedAt":"`;
const ISO_LENGTH = '2026-01-01T00:00:00.000Z'.length;

/** Decodes a scanned row; undefined for a type this service does not know (counted and passed over). */
export function decodeScannedEvent(row: ScannedEvent): RecipientEvent | undefined {
  const [, eventId, type, data, metadata, recordedAt] = row;
  if (!isRecipientEventType(type)) {
    return undefined;
  }
  const stored = { eventId, type, data: JSON.parse(data) as object, metadata: readMetadata(metadata) };
  return fromStoredEvent(stored as Parameters<typeof fromStoredEvent>[0], recordedAt);
}

/**
 * Nearly every event's metadata is exactly `{"schemaVersion":1,"recordedAt":"<ISO>"}`; slicing the time out of it
 * costs a fraction of JSON.parse, which only the other shapes (older schemas, correlation ids) still go through.
 */
function readMetadata(metadata: string | null): object {
  if (metadata === null) {
    return {};
  }
  const end = METADATA_PREFIX.length + ISO_LENGTH;
  if (metadata.length === end + 2 && metadata.startsWith(METADATA_PREFIX) && metadata.endsWith('"}')) {
    return { schemaVersion: SCHEMA_VERSION, recordedAt: metadata.slice(METADATA_PREFIX.length, end) };
  }
  return JSON.parse(metadata) as object;
}

export interface SliceProgress {
  events: number;
  recipients: number;
  /** Events of unknown types, passed over. */
  skipped: number;
}

/** Called with each replayed recipient and its decoded events. */
export type RecipientVisitor = (streamId: string, replay: RecipientReplay, events: readonly RecipientEvent[]) => void;

/**
 * Replays scanned streams until the iterator ends or `budgetMs` has passed, so the caller can report progress,
 * notice a stop request or let its event loop run between slices. Returns true once every stream is done.
 */
export function replayScannedSlice(
  streams: Iterator<ScannedStream>,
  sides: ReplaySides,
  visit: RecipientVisitor,
  progress: SliceProgress,
  budgetMs: number,
): boolean {
  const deadline = performance.now() + budgetMs;
  let checked = 0;
  for (;;) {
    const next = streams.next();
    if (next.done === true) {
      return true;
    }
    const { streamId, events: rows } = next.value;
    const replay = new RecipientReplay(sides);
    const events: RecipientEvent[] = [];
    for (const row of rows) {
      const event = decodeScannedEvent(row);
      if (event === undefined) {
        progress.skipped++;
        continue;
      }
      events.push(event);
      replay.add(event, row[0]);
    }
    visit(streamId, replay, events);
    progress.events += rows.length;
    progress.recipients++;
    // Reading the clock per stream would cost more than short streams take; every 64 streams is often enough.
    if ((++checked & 63) === 0 && performance.now() >= deadline) {
      return false;
    }
  }
}
