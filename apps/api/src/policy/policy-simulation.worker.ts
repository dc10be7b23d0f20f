import { parentPort, workerData } from 'node:worker_threads';
import type { Policy } from '@app/domain';
import { parsePolicy } from '@app/domain';
import { scanRecipientStreams } from '@app/event-store';
import { createReplayStep } from './replay-step';
import { factLookup } from './recipient-replay';
import type { RecipientVisitor } from './scanned-streams';
import { replayScannedSlice } from './scanned-streams';
import { openScanConnection } from './scan-connection';
import { SimulationCollector } from './simulation-collector';
import type { RecipientChange } from './simulation-report';
import type { SimulationWorkerInput, SimulationWorkerMessage } from './simulation-worker-protocol';

/** Changed recipients are sent in chunks: one message per change would cost more than finding it. */
const CHANGE_CHUNK = 500;
const SLICE_MS = 100;

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

function run(input: SimulationWorkerInput): void {
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
  const sides = {
    current,
    candidate,
    now: input.now,
    step: createReplayStep(candidate, { reuseRecorded: input.reuseRecordedClassification }),
  };
  const visit: RecipientVisitor = (streamId, replay, events) => collector.add(streamId, replay, factLookup(events));
  const db = openScanConnection(input.path);
  try {
    const streams = scanRecipientStreams(db, { shard: input.shard, shards: input.shards });
    let done = false;
    while (!done && Atomics.load(stop, 0) === 0) {
      const progress = { events: 0, recipients: 0, skipped: 0 };
      done = replayScannedSlice(streams, sides, visit, progress, SLICE_MS);
      collector.skipped += progress.skipped;
      flush();
      post({ type: 'progress', events: progress.events, recipients: progress.recipients });
    }
    streams.return(undefined);
    post({ type: 'done', snapshot: collector.snapshot(), stopped: !done });
  } finally {
    db.close();
  }
}

try {
  run(workerData as SimulationWorkerInput);
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
