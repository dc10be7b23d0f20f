import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ScanReplicaSource } from '@app/event-store';
import type { ReplaySides } from './recipient-replay';
import type { ReplayFacts } from './replay-facts-catch-up';
import type { SimulationCollector } from './simulation-collector';
import type { RecipientChange } from './simulation-report';
import type { SimulationWorkerInput, SimulationWorkerMessage } from './simulation-worker-protocol';

export const WORKER_SCRIPT = join(__dirname, 'policy-simulation.worker.js');

export interface ParallelSimulationInput {
  /** What each worker opens its own read-only replica from. */
  source: ScanReplicaSource;
  workers: number;
  sides: ReplaySides;
  /** The caught-up replay projection to replay, when the store has one; else the streams are scanned. */
  facts?: ReplayFacts;
  collector: SimulationCollector;
  onChange?: (change: RecipientChange) => void;
  onProgress?: (delta: { events: number; recipients: number; skipped: number }) => void;
  signal?: AbortSignal;
}

/** Whether worker threads can run: they need the compiled worker script (absent when running from sources). */
export function canUseWorkers(): boolean {
  return existsSync(WORKER_SCRIPT);
}

/**
 * Replays the store on `workers` threads, each over its own shard of the replay projection's partitions or of the
 * streams (read-only connections of its own);
 * changes and progress stream back as they come, the totals are merged at the end.
 */
export async function simulateWithWorkers(input: ParallelSimulationInput): Promise<{ complete: boolean }> {
  const { source, sides, facts, workers, collector, onChange, onProgress, signal } = input;
  const stop = new SharedArrayBuffer(4);
  const requestStop = (): void => {
    Atomics.store(new Int32Array(stop), 0, 1);
  };
  signal?.addEventListener('abort', requestStop, { once: true });
  const base = {
    source,
    facts,
    current: sides.current.document,
    candidate: sides.candidate.document,
    now: sides.now,
    stop,
  };
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, index) =>
        runWorker({ ...base, shard: { index, count: workers } }, (message) => {
          if (message.type === 'progress') {
            onProgress?.({ events: message.events, recipients: message.recipients, skipped: 0 });
          } else if (message.type === 'changes') {
            message.changes.forEach((change) => onChange?.(change));
          }
        }).catch((error: unknown) => {
          requestStop();
          throw error;
        }),
      ),
    );
    results.forEach((result) => collector.merge(result.snapshot));
    return { complete: results.every((result) => !result.stopped) };
  } finally {
    signal?.removeEventListener('abort', requestStop);
  }
}

function runWorker(
  workerData: SimulationWorkerInput,
  onMessage: (message: SimulationWorkerMessage) => void,
): Promise<Extract<SimulationWorkerMessage, { type: 'done' }>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT, { workerData });
    let result: Extract<SimulationWorkerMessage, { type: 'done' }> | undefined;
    let failure: Error | undefined;
    worker.on('message', (message: SimulationWorkerMessage) => {
      if (message.type === 'done') {
        result = message;
      } else if (message.type === 'failed') {
        failure = new Error(`simulation worker ${workerData.shard.index} failed: ${message.message}`);
      } else {
        onMessage(message);
      }
    });
    worker.on('error', (error) => {
      failure ??= error;
    });
    worker.on('exit', (code) => {
      if (result !== undefined) {
        resolve(result);
      } else {
        reject(failure ?? new Error(`simulation worker ${workerData.shard.index} exited with code ${code}`));
      }
    });
  });
}
