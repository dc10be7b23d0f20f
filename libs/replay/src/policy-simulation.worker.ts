import { parentPort, workerData } from 'node:worker_threads';
import type { Policy } from '@app/domain';
import { parsePolicy } from '@app/domain';
import { openScanReplica } from '@app/event-store';
import { factLookup } from './recipient-replay';
import { partitionsOf, simulateOverReplayFacts } from './replay-facts-simulation';
import type { RecipientVisitor, SliceProgress } from './scanned-streams';
import { replayScannedBatch } from './scanned-streams';
import { SimulationCollector } from './simulation-collector';
import type { RecipientChange } from './simulation-report';
import type { SimulationWorkerInput, SimulationWorkerMessage } from './simulation-worker-protocol';

/** Changed recipients are sent in chunks: one message per change would cost more than finding it. */
const CHANGE_CHUNK = 500;

function post(message: SimulationWorkerMessage): void {
  parentPort?.postMessage(message);
}

function policyOf(document: unknown): Policy {
  const parsed = parsePolicy(document);
  if (!parsed.ok) {
    throw new Error(`invalid policy: ${JSON.stringify(parsed.errors)}`);
  }
  return parsed.policy;
}

/** Replays one shard of the streams on a read-only replica of the store, posting changes and progress as it goes. */
async function run(input: SimulationWorkerInput): Promise<void> {
  const stop = new Int32Array(input.stop);
  const current = policyOf(input.current);
  const candidate = policyOf(input.candidate);
  let pending: RecipientChange[] = [];
  const flush = (): void => {
    if (pending.length > 0) {
      post({ type: 'changes', changes: pending });
      pending = [];
    }
  };
  const collector = new SimulationCollector({ current, candidate }, (change) => {
    pending.push(change);
    if (pending.length >= CHANGE_CHUNK) {
      flush();
    }
  });
  const sides = { current, candidate, now: input.now };
  if (input.facts !== undefined) {
    const { complete } = await simulateOverReplayFacts({
      storePath: input.source.path,
      facts: input.facts,
      partitions: partitionsOf(input.shard),
      sides,
      collector,
      onProgress: (progress) => {
        collector.skipped += progress.skipped;
        flush();
        post({ type: 'progress', events: progress.events, recipients: progress.recipients });
      },
      stopRequested: () => Atomics.load(stop, 0) !== 0,
    });
    flush();
    post({ type: 'done', snapshot: collector.snapshot(), stopped: !complete });
    return;
  }
  const visit: RecipientVisitor = (streamId, replay, events) => collector.add(streamId, replay, factLookup(events));
  const replica = openScanReplica(input.source);
  let stopped = false;
  try {
    for await (const batch of replica.scanStreams!({ shard: input.shard })) {
      const progress: SliceProgress = { events: 0, recipients: 0, skipped: 0 };
      replayScannedBatch(batch, sides, visit, progress);
      collector.skipped += progress.skipped;
      flush();
      post({ type: 'progress', events: progress.events, recipients: progress.recipients });
      if (Atomics.load(stop, 0) !== 0) {
        stopped = true;
        break;
      }
    }
    post({ type: 'done', snapshot: collector.snapshot(), stopped });
  } finally {
    await replica.close();
  }
}

run(workerData as SimulationWorkerInput).catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
