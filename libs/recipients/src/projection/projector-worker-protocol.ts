import type { DeadLetter } from '@app/read-model';
import type { ProjectionProgress, ProjectorRole } from './projection-progress';

/** What the projector's worker thread opens for itself: plain data, so it crosses to the thread. */
export interface ProjectorWorkerInput {
  eventStore: { adapter: 'sqlite'; path: string } | { adapter: 'eventstoredb'; connectionString: string };
  readModel: { adapter: 'postgres'; connectionString: string; schema: string } | { adapter: 'sqlite'; path: string };
  closeTimeoutMs: number;
}

/** An error as it crosses threads: its class does not, its name and message do. */
export interface ErrorReport {
  name: string;
  message: string;
}

export type ProjectorWorkerRequest = { type: 'close' };

export type ProjectorWorkerMessage =
  | { type: 'started' }
  | { type: 'startFailed'; error: ErrorReport }
  | { type: 'committed'; position: bigint; lagSeconds: number[] }
  | { type: 'failed'; error: ErrorReport }
  | { type: 'recovered' }
  | { type: 'deadLettered'; letter: DeadLetter }
  | { type: 'roleChanged'; role: ProjectorRole | undefined }
  | { type: 'progress'; progress: ProjectionProgress }
  | { type: 'closed' };

export function errorReport(error: unknown): ErrorReport {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** The error again on this side; an outage keeps its name, which is how outages are told from refusals. */
export function errorFromReport(report: ErrorReport): Error {
  const error = new Error(report.message);
  error.name = report.name;
  return error;
}
