import type Database from 'better-sqlite3';
import type { RecipientEvent } from '@app/domain';
import { fromStoredEvent, isRecipientEventType } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX, scanRecipientStreams } from '@app/event-store';
import type { ReplaySides } from './recipient-replay';
import { RecipientReplay } from './recipient-replay';
import type { SliceProgress } from './scanned-streams';
import { replayScannedSlice } from './scanned-streams';
import { openScanConnection } from './scan-connection';

const SLICE_MS = 50;
const PAGE_SIZE = 4096;
const LOG_BATCH = 1000;

export interface ReplayedRecipient {
  streamId: string;
  replay: RecipientReplay;
  /** The stream's events when the source had them in hand (the embedded scan); else read again if needed. */
  events?: readonly RecipientEvent[];
}

export interface ReplayEveryRecipientOptions {
  store: EventStore;
  /** The embedded store's connection, when there is one. */
  db?: Database.Database;
  sides: ReplaySides;
  /** Receives recipients in batches; the next batch is replayed once the returned promise settles. */
  handle: (batch: ReplayedRecipient[]) => Promise<void> | void;
  onProgress?: (delta: SliceProgress) => void;
  signal?: AbortSignal;
}

/** Replays every recipient on this thread: the embedded log stream by stream, any other store in log order. */
export function replayEveryRecipient(options: ReplayEveryRecipientOptions): Promise<{ complete: boolean }> {
  return options.db === undefined ? replayFromLog(options) : replayFromScan(options, options.db);
}

async function replayFromScan(
  options: ReplayEveryRecipientOptions,
  db: Database.Database,
): Promise<{ complete: boolean }> {
  const { sides, handle, onProgress, signal } = options;
  // A connection of its own leaves the store's free for appends and queries while the scan waits between slices.
  // A database in memory has no second connection, so it is scanned in one slice and handled afterwards.
  const own = db.memory ? undefined : openScanConnection(db.name);
  const streams = scanRecipientStreams(own ?? db, { shard: 0, shards: 1 });
  try {
    for (;;) {
      if (signal?.aborted === true) {
        return { complete: false };
      }
      const batch: ReplayedRecipient[] = [];
      const progress: SliceProgress = { events: 0, recipients: 0, skipped: 0 };
      const done = replayScannedSlice(
        streams,
        sides,
        (streamId, replay, events) => batch.push({ streamId, replay, events }),
        progress,
        own === undefined ? Infinity : SLICE_MS,
      );
      await handle(batch);
      onProgress?.(progress);
      if (done) {
        return { complete: true };
      }
    }
  } finally {
    streams.return(undefined);
    own?.close();
  }
}

/**
 * One read of the whole log, each recipient's states advanced as its events come by. Every recipient's states stay
 * in memory until the end: the price of a store that cannot be read stream by stream in bulk.
 */
async function replayFromLog(options: ReplayEveryRecipientOptions): Promise<{ complete: boolean }> {
  const { store, sides, handle, onProgress, signal } = options;
  const replays = new Map<string, RecipientReplay>();
  const progress: SliceProgress = { events: 0, recipients: 0, skipped: 0 };
  for await (const recorded of store.readAll({ pageSize: PAGE_SIZE })) {
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
      Object.assign(progress, { events: 0, skipped: 0 });
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
