import type { PolicyDocument } from '@app/domain';
import type { ScanReplicaSource } from '@app/event-store';
import type { ReplayFacts } from './replay-facts-catch-up';
import type { CollectorSnapshot } from './simulation-collector';
import type { RecipientChange } from './simulation-report';

/** What a simulation worker thread is started with. */
export interface SimulationWorkerInput {
  /** The store each worker opens a read-only replica of, to scan its own shard. */
  source: ScanReplicaSource;
  shard: { index: number; count: number };
  /** Set: replay the projection's partitions of this shard; absent: scan this shard of the streams. */
  facts?: ReplayFacts;
  /** Policies travel as documents and are parsed again in the worker (compiled patterns do not cross threads). */
  current: PolicyDocument;
  candidate: PolicyDocument;
  now: number;
  /** Int32Array over it: set [0] to 1 to ask every worker to stop after its current batch. */
  stop: SharedArrayBuffer;
}

export type SimulationWorkerMessage =
  | { type: 'progress'; events: number; recipients: number }
  | { type: 'changes'; changes: RecipientChange[] }
  | { type: 'done'; snapshot: CollectorSnapshot; stopped: boolean }
  | { type: 'failed'; message: string };
