import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FollowingProjector, ProjectorObserver } from './projector';
import type { ProjectorWorkerInput, ProjectorWorkerMessage, ProjectorWorkerRequest } from './projector-worker-protocol';
import { errorFromReport } from './projector-worker-protocol';

export const PROJECTOR_WORKER_SCRIPT = join(__dirname, 'projector.worker.js');
/** A thread that died is started again after this pause, from the checkpoint. */
const RESPAWN_DELAY_MS = 1_000;
/** Beyond the projector's own bound, for the thread to close its connections. */
const CLOSE_MARGIN_MS = 1_000;

/** Whether the projector can run on a thread of its own: it needs the compiled worker script (absent in sources). */
export function canRunProjectorThread(): boolean {
  return existsSync(PROJECTOR_WORKER_SCRIPT);
}

/**
 * The projector on a worker thread of its own, with its own connections to the log and the read model, so ingest
 * requests and projecting never wait for each other's turn of one event loop. What it reports crosses back to this
 * thread's observer (metrics, readiness, log lines); a thread that dies is reported as a failure and started again.
 */
export class ProjectorThread implements FollowingProjector {
  private worker: Worker | undefined;
  private failing = false;
  private closing = false;
  private respawnTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly input: ProjectorWorkerInput,
    private readonly observer: ProjectorObserver = {},
  ) {}

  /** Resolves once the thread projects or stands by; rejects with the reason it could not start. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(PROJECTOR_WORKER_SCRIPT, { workerData: this.input });
      this.worker = worker;
      let started = false;
      worker.on('message', (message: ProjectorWorkerMessage) => {
        if (message.type === 'started') {
          started = true;
          resolve();
        } else if (message.type === 'startFailed') {
          reject(errorFromReport(message.error));
        } else {
          this.relay(message);
        }
      });
      worker.on('error', (error) => {
        if (started) {
          this.fail(error);
        } else {
          reject(error);
        }
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) {
          this.worker = undefined;
        }
        if (!started) {
          reject(new Error(`The projector thread exited with code ${code} before it started`));
        } else if (!this.closing) {
          this.fail(new Error(`The projector thread stopped (exit code ${code}); starting another`));
          this.respawnSoon();
        }
      });
    });
  }

  /**
   * Asks the thread to close its projector and connections (bounded by its own close timeout, plus a margin), then
   * ends it whatever happened.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.respawnTimer);
    const worker = this.worker;
    if (worker === undefined) {
      return;
    }
    let deadline: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => worker.once('exit', resolve)),
      new Promise<void>((resolve) =>
        worker.on('message', (message: ProjectorWorkerMessage) => {
          if (message.type === 'closed') {
            resolve();
          }
        }),
      ),
      new Promise((resolve) => {
        deadline = setTimeout(resolve, this.input.closeTimeoutMs + CLOSE_MARGIN_MS);
        worker.postMessage({ type: 'close' } satisfies ProjectorWorkerRequest);
      }),
    ]).finally(() => clearTimeout(deadline));
    await worker.terminate();
  }

  private respawnSoon(): void {
    this.respawnTimer = setTimeout(() => {
      this.start().then(
        // Closing while it started: this one is closed too.
        () => (this.closing ? void this.close() : this.recover()),
        (error: unknown) => {
          this.fail(error);
          if (!this.closing) {
            this.respawnSoon();
          }
        },
      );
    }, RESPAWN_DELAY_MS);
  }

  private relay(message: Exclude<ProjectorWorkerMessage, { type: 'started' | 'startFailed' }>): void {
    switch (message.type) {
      case 'committed':
        return this.observer.committed?.(message.position, message.lagSeconds);
      case 'failed':
        return this.fail(errorFromReport(message.error));
      case 'recovered':
        return this.recover();
      case 'deadLettered':
        return this.observer.deadLettered?.(message.letter);
      case 'roleChanged':
        return this.observer.roleChanged?.(message.role);
      case 'progress':
        return this.observer.progress?.(message.progress);
      case 'closed':
        return undefined;
    }
  }

  private fail(error: unknown): void {
    if (!this.failing) {
      this.failing = true;
      this.observer.failed?.(error);
    }
  }

  private recover(): void {
    if (this.failing) {
      this.failing = false;
      this.observer.recovered?.();
    }
  }
}
