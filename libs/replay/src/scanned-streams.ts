import type { RecipientEvent } from '@app/domain';
import { fromStoredEvent, isRecipientEventType } from '@app/domain';
import type { ScannedEvent, StreamBatch } from '@app/event-store';
import type { ReplaySides } from './recipient-replay';
import { RecipientReplay } from './recipient-replay';

/** Decodes a scanned event; undefined for a type this service does not know (counted and passed over). */
export function decodeScannedEvent(event: ScannedEvent): RecipientEvent | undefined {
  return isRecipientEventType(event.type) ? fromStoredEvent(event, event.recordedAt) : undefined;
}

export interface SliceProgress {
  events: number;
  recipients: number;
  /** Events of unknown types, passed over. */
  skipped: number;
  /** Events of erased recipients that the log still returns (EventStoreDB until a scavenge), passed over. */
  erased?: number;
}

/** Called with each replayed recipient and its decoded events. */
export type RecipientVisitor = (streamId: string, replay: RecipientReplay, events: readonly RecipientEvent[]) => void;

/** Replays every stream of a scanned batch, each from its first event; progress counts what was read. */
export function replayScannedBatch(
  batch: StreamBatch,
  sides: ReplaySides,
  visit: RecipientVisitor,
  progress: SliceProgress,
): void {
  for (const { streamId, events: scanned } of batch) {
    const replay = new RecipientReplay(sides);
    const events: RecipientEvent[] = [];
    for (const stored of scanned) {
      const event = decodeScannedEvent(stored);
      if (event === undefined) {
        progress.skipped++;
        continue;
      }
      events.push(event);
      replay.add(event, stored.revision);
    }
    visit(streamId, replay, events);
    progress.events += scanned.length;
    progress.recipients++;
  }
}
