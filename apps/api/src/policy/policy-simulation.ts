import { availableParallelism } from 'node:os';
import Database from 'better-sqlite3';
import type { Policy } from '@app/domain';
import { canonicalJson } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { lastGlobalPosition } from '@app/event-store';
import { readAdoptions, toAdoption } from './policy-adoptions';
import type { ReplaySides } from './recipient-replay';
import { factLookup } from './recipient-replay';
import type { ReplayedRecipient } from './recipient-replays';
import { replayEveryRecipient } from './recipient-replays';
import { readRecipientStream } from './recipient-stream-reader';
import { createReplayStep } from './replay-step';
import type { SliceProgress } from './scanned-streams';
import { SimulationCollector } from './simulation-collector';
import type { RecipientChange, SimulationReport } from './simulation-report';
import { canUseWorkers, simulateWithWorkers } from './sqlite-simulation';

/** Below this many events, starting worker threads costs more than it saves. */
const WORKER_THRESHOLD_EVENTS = 200_000;

export interface SimulationProgress {
  events: number;
  recipients: number;
  /** Known for the embedded store (its last global position). */
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
  /** Worker threads for the embedded store; default: one per core for large logs, none for small ones. */
  workers?: number;
}

/**
 * Replays every recipient's facts under a candidate policy and compares with the current state (the fold of all
 * recorded events under the policy in force). The embedded SQLite store is scanned stream by stream, on worker
 * threads for large logs; any other store is read once in log order.
 */
export async function simulatePolicy(options: SimulatePolicyOptions): Promise<SimulationReport> {
  const started = performance.now();
  const { store, current, candidate, now, onChange, onProgress, signal } = options;
  const reuse = await canReuseRecordedClassification(store, current, candidate);
  const sides: ReplaySides = { current, candidate, now, step: createReplayStep(candidate, { reuseRecorded: reuse }) };
  const collector = new SimulationCollector({ current, candidate }, onChange);
  const db = embeddedDatabase(store);
  const progress: SimulationProgress = {
    events: 0,
    recipients: 0,
    totalEvents: db === undefined ? undefined : lastGlobalPosition(db),
  };
  const advance = (delta: SliceProgress): void => {
    progress.events += delta.events;
    progress.recipients += delta.recipients;
    collector.skipped += delta.skipped;
    onProgress?.(progress);
  };
  const large = (progress.totalEvents ?? 0) >= WORKER_THRESHOLD_EVENTS;
  const workers = db !== undefined && canUseWorkers(db) ? (options.workers ?? (large ? availableParallelism() : 0)) : 0;
  const result =
    db !== undefined && workers > 0
      ? await simulateWithWorkers({
          db,
          workers,
          sides,
          reuseRecorded: reuse,
          collector,
          onChange,
          signal,
          onProgress: advance,
        })
      : await replayEveryRecipient({
          store,
          db,
          sides,
          signal,
          onProgress: advance,
          handle: (batch) => collectBatch(store, collector, batch),
        });
  const elapsedMs = performance.now() - started;
  const { totals } = collector.tally;
  return {
    currentPolicy: current.version,
    candidatePolicy: candidate.version,
    now: new Date(now).toISOString(),
    totals,
    matrix: collector.matrix,
    examples: collector.rankedExamples(),
    complete: result.complete,
    skippedEvents: collector.skipped,
    elapsedMs,
    eventsPerSecond: elapsedMs > 0 ? (totals.events * 1000) / elapsedMs : 0,
    engine: { path: db === undefined ? 'event-log' : 'sqlite-scan', workers, reusedClassification: reuse },
  };
}

/** The embedded store exposes its better-sqlite3 connection; any other store has none. */
export function embeddedDatabase(store: EventStore): Database.Database | undefined {
  const candidate = (store as { database?: unknown }).database;
  return candidate instanceof Database ? candidate : undefined;
}

/**
 * Recorded classifications can stand in for a new one only if every policy that ever classified a bounce had the
 * candidate's overrides: the one in force and every adopted one. (The classifier version is checked per bounce.)
 */
async function canReuseRecordedClassification(store: EventStore, current: Policy, candidate: Policy): Promise<boolean> {
  const wanted = canonicalJson(candidate.document.overrides);
  const adopted = (await readAdoptions(store)).flatMap((event) => toAdoption(event)?.policy ?? []);
  return [current, ...adopted].every((policy) => canonicalJson(policy.document.overrides) === wanted);
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
