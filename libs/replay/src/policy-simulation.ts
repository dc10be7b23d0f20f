import { availableParallelism } from 'node:os';
import type { Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { readRecipientStream } from '@app/recipients';
import { canUseWorkers, simulateWithWorkers } from './parallel-simulation';
import { factLookup } from './recipient-replay';
import type { ReplaySides } from './recipient-replay';
import type { ReplayedRecipient } from './recipient-replays';
import { replayEveryRecipient } from './recipient-replays';
import { classifyReplayEvidence } from './replay-classifications';
import { catchUpReplayFacts } from './replay-facts-catch-up';
import { partitionsOf, simulateOverReplayFacts } from './replay-facts-simulation';
import type { SliceProgress } from './scanned-streams';
import { SimulationCollector } from './simulation-collector';
import type { RecipientChange, SimulationPath, SimulationReport } from './simulation-report';

/** Below this many events, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD_EVENTS = 200_000;

export interface SimulationProgress {
  events: number;
  recipients: number;
  /** Known when the store can tell its last position without reading the log (`lastPosition`). */
  totalEvents: number | undefined;
}

export interface SimulatePolicyOptions {
  store: EventStore;
  /** The policy in force. */
  current: Policy;
  candidate: Policy;
  /** Both sides are evaluated at this time (epoch ms). */
  now: number;
  /** Each changed recipient, as soon as it is found (in no particular order across worker threads). */
  onChange?: (change: RecipientChange) => void;
  onProgress?: (progress: SimulationProgress) => void;
  /** Aborting stops the run after the streams in hand; the report then has `complete: false`. */
  signal?: AbortSignal;
  /** Worker threads for a store that offers scan replicas; default: one per core for large logs, none for small ones. */
  workers?: number;
  /**
   * How to read a store that offers scan replicas: its replay projection (the default) or, as simulations did before
   * it, a stream scan decoding every event. Any other store is read in log order whatever this says.
   */
  path?: Exclude<SimulationPath, 'event-log'>;
}

/**
 * Replays every recipient's facts under a candidate policy and compares with the current state (the fold of all
 * recorded events under the policy in force). A store that offers scan replicas (the embedded one) is replayed from
 * its replay projection, caught up from the log first, on worker threads for large logs; any other store is read once
 * in log order.
 */
export async function simulatePolicy(options: SimulatePolicyOptions): Promise<SimulationReport> {
  const started = performance.now();
  const { store, current, candidate, now, onChange, onProgress, signal } = options;
  const sides: ReplaySides = { current, candidate, now };
  const collector = new SimulationCollector({ current, candidate }, onChange);
  // Positions count events only in a store that scans streams (SQLite); EventStoreDB's are byte offsets.
  const last = store.scanStreams === undefined ? undefined : await store.lastPosition?.();
  const progress: SimulationProgress = {
    events: 0,
    recipients: 0,
    totalEvents: last === undefined ? undefined : Number(last),
  };
  let erased = 0;
  const advance = (delta: SliceProgress): void => {
    progress.events += delta.events;
    progress.recipients += delta.recipients;
    collector.skipped += delta.skipped;
    erased += delta.erased ?? 0;
    onProgress?.(progress);
  };
  const source = store.scanStreams === undefined ? undefined : store.scanReplicaSource?.();
  const path: SimulationPath =
    source === undefined ? 'event-log' : options.path === 'stream-scan' ? 'stream-scan' : 'replay-facts';
  const facts =
    source !== undefined && path === 'replay-facts' ? await catchUpReplayFacts(source.path, signal) : undefined;
  if (facts !== undefined) {
    await classifyReplayEvidence(facts.path, candidate);
  }
  const large = (progress.totalEvents ?? 0) >= WORKER_THRESHOLD_EVENTS;
  const workers =
    source !== undefined && canUseWorkers() ? (options.workers ?? (large ? availableParallelism() : 0)) : 0;
  let result: { complete: boolean };
  if (source !== undefined && workers > 0) {
    result = await simulateWithWorkers({
      source,
      facts,
      workers,
      sides,
      collector,
      onChange,
      signal,
      onProgress: advance,
    });
  } else if (source !== undefined && facts !== undefined) {
    result = await simulateOverReplayFacts({
      storePath: source.path,
      facts,
      partitions: partitionsOf({ index: 0, count: 1 }),
      sides,
      collector,
      onProgress: advance,
      stopRequested: () => signal?.aborted === true,
    });
  } else {
    result = await replayEveryRecipient({
      store,
      sides,
      signal,
      onProgress: advance,
      handle: (batch) => collectBatch(store, collector, batch),
    });
  }
  const elapsedMs = performance.now() - started;
  const { totals } = collector.tally;
  return {
    currentPolicy: current.version,
    candidatePolicy: candidate.version,
    now: new Date(now).toISOString(),
    totals,
    matrix: collector.matrix,
    examples: collector.rankedExamples(),
    complete: result.complete && signal?.aborted !== true,
    skippedEvents: collector.skipped + erased,
    skippedEventsBy: { erased, unknownType: collector.skipped },
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? (totals.events * 1000) / elapsedMs : 0,
    engine: { path, workers },
  };
}

/** Adds replayed recipients; those that changed but came without their events are read again for the evidence. */
async function collectBatch(
  store: EventStore,
  collector: SimulationCollector,
  batch: ReplayedRecipient[],
): Promise<void> {
  for (const { streamId, replay, events } of batch) {
    const comparison = replay.compare();
    let facts = events ?? [];
    if (events === undefined && comparison.changed) {
      facts = (await readRecipientStream(store, streamId)).map(({ event }) => event);
    }
    collector.add(streamId, replay, factLookup(facts), comparison);
  }
}
