import type { RecipientEvent } from '@app/domain';
import { fromStoredEvent, isRecipientEventType } from '@app/domain';
import type { EventStore, SkippedEvent, StreamBatch } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ReplaySides } from './recipient-replay';
import { RecipientReplay } from './recipient-replay';
import type { SliceProgress } from './scanned-streams';
import { replayScannedBatch } from './scanned-streams';

const PAGE_SIZE = 4096;
const LOG_BATCH = 1000;

export interface ReplayedRecipient {
  streamId: string;
  replay: RecipientReplay;
  /** The stream's events when the source had them in hand (a stream scan); else read again if needed. */
  events?: readonly RecipientEvent[];
}

export interface ReplayEveryRecipientOptions {
  store: EventStore;
  sides: ReplaySides;
  /** Receives recipients in batches; the next batch is replayed once the returned promise settles. */
  handle: (batch: ReplayedRecipient[]) => Promise<void> | void;
  onProgress?: (delta: SliceProgress) => void;
  signal?: AbortSignal;
}

/** Replays every recipient on this thread: stream by stream where the store can scan them, else in log order. */
export function replayEveryRecipient(options: ReplayEveryRecipientOptions): Promise<{ complete: boolean }> {
  const { store, signal } = options;
  return store.scanStreams === undefined
    ? replayFromLog(options)
    : replayFromScan(options, store.scanStreams({ signal }));
}

async function replayFromScan(
  options: ReplayEveryRecipientOptions,
  streams: AsyncIterable<StreamBatch>,
): Promise<{ complete: boolean }> {
  const { sides, handle, onProgress, signal } = options;
  for await (const scanned of streams) {
    const batch: ReplayedRecipient[] = [];
    const progress: SliceProgress = { events: 0, recipients: 0, skipped: 0 };
    replayScannedBatch(
      scanned,
      sides,
      (streamId, replay, events) => batch.push({ streamId, replay, events }),
      progress,
    );
    await handle(batch);
    onProgress?.(progress);
  }
  return { complete: signal?.aborted !== true };
}

/**
 * One read of the whole log, each recipient's states advanced as its events come by. Every recipient's states stay
 * in memory until the end: the price of a store that cannot be read stream by stream in bulk.
 */
async function replayFromLog(options: ReplayEveryRecipientOptions): Promise<{ complete: boolean }> {
  const { store, sides, handle, onProgress, signal } = options;
  const replays = new Map<string, RecipientReplay>();
  const progress: SliceProgress = { events: 0, recipients: 0, skipped: 0, erased: 0 };
  const onSkipped = ({ reason }: SkippedEvent): void => {
    // The log's own and foreign events are not recipients' and never counted; an erased recipient's are.
    if (reason === 'erased') {
      progress.erased = (progress.erased ?? 0) + 1;
    }
  };
  for await (const recorded of store.readAll({ pageSize: PAGE_SIZE, onSkipped })) {
    if (signal?.aborted === true) {
      return { complete: false };
    }
    if (!recorded.streamId.startsWith(RECIPIENT_STREAM_PREFIX)) {
      continue;
    }
    progress.events++;
    if (!isRecipientEventType(recorded.type)) {
      progress.skipped++;
      continue;
    }
    let replay = replays.get(recorded.streamId);
    if (replay === undefined) {
      replay = new RecipientReplay(sides);
      replays.set(recorded.streamId, replay);
    }
    replay.add(fromStoredEvent(recorded, recorded.recordedAt), recorded.revision);
    if (progress.events === PAGE_SIZE) {
      onProgress?.(progress);
      Object.assign(progress, { events: 0, skipped: 0, erased: 0 });
    }
  }
  let batch: ReplayedRecipient[] = [];
  for (const [streamId, replay] of replays) {
    batch.push({ streamId, replay });
    progress.recipients++;
    if (batch.length === LOG_BATCH) {
      await handle(batch);
      batch = [];
      if (signal?.aborted === true) {
        return { complete: false };
      }
    }
  }
  await handle(batch);
  onProgress?.(progress);
  return { complete: true };
}
