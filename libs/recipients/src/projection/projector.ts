import type { EventStore } from '@app/event-store';
import type { DeadLetter, ProjectedEvent, ReadModelStore } from '@app/read-model';
import type { ProjectionProgress, ProjectorRole } from './projection-progress';
import { measureProgress } from './projection-progress';
import { ProjectionSession, RECIPIENT_STATUS_PROJECTION } from './projection-session';

export { RECIPIENT_STATUS_PROJECTION };

/** How long `close()` waits for the last batch before giving up on it; its events are replayed at the next start. */
export const DEFAULT_PROJECTOR_CLOSE_TIMEOUT_MS = 10_000;
/** How often a standby asks for the lease, and how often progress is measured and reported. */
const LEASE_RETRY_MS = 500;
const PROGRESS_INTERVAL_MS = 500;

export interface ProjectorObserver {
  /** After each committed batch: its last position and the age of its oldest event. */
  committed?(position: bigint, lagSeconds: number[]): void;
  /** Once when projecting starts failing (a store outage, a refused event, a broken subscription, a lost lease). */
  failed?(error: unknown): void;
  /** Once when projecting works again after `failed`. */
  recovered?(): void;
  /** An event set aside, recorded as a dead letter, so the projection could move on past it. */
  deadLettered?(letter: DeadLetter): void;
  /**
   * Whenever this projector starts or stops being the one that writes (see `ProjectorLease`); undefined when it had
   * a role and has lost it because PostgreSQL cannot be asked for the lease (it asks again until it answers).
   */
  roleChanged?(role: ProjectorRole | undefined): void;
  /** Every half second: where the read model is against the log's head. */
  progress?(progress: ProjectionProgress): void;
}

/**
 * The right to project into a read model shared by several processes: only its holder writes, the others stand by
 * and take over when the holder's session ends (see `createPostgresProjectorLease`).
 */
export interface ProjectorLease {
  tryAcquire(): Promise<boolean>;
  whenLost(): Promise<Error>;
  release(): Promise<void>;
}

export interface ProjectorOptions {
  closeTimeoutMs?: number;
  /** Without one, this projector is the only writer of its read model (a SQLite file of its own). */
  lease?: ProjectorLease;
}

/** What callers hold, whether the projector runs on this thread or on a worker thread of its own. */
export interface FollowingProjector {
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps the read model following the event log: holds the lease (when there is one), runs a `ProjectionSession`
 * from the checkpoint while it does, and stands by while another process holds it. A lost lease ends the session
 * (writes are idempotent and the checkpoint only moves forward, so a session ending late does no harm) and the
 * projector goes back to asking for it; its role is whatever the answer says, and no role while PostgreSQL cannot
 * answer. Failures are reported once per episode, however many sessions it spans.
 */
export class Projector implements FollowingProjector {
  private session: ProjectionSession | undefined;
  private role: ProjectorRole | undefined;
  private failing = false;
  private closing = false;
  private following: Promise<void> | undefined;
  private ticker: NodeJS.Timeout | undefined;
  /** Ends the current wait (for the lease, or for losing it) early, so closing never waits it out. */
  private wake: () => void = () => undefined;
  private readonly closeTimeoutMs: number;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly observer: ProjectorObserver = {},
    private readonly options: ProjectorOptions = {},
  ) {
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_PROJECTOR_CLOSE_TIMEOUT_MS;
  }

  /** Starts projecting, or standing by when another process holds the lease; a standby takes over on its own. */
  async start(): Promise<void> {
    const { lease } = this.options;
    if (lease === undefined) {
      await this.startSession();
    } else {
      // PostgreSQL out of reach: no role yet, the failure is reported and following asks again until it answers.
      const answer = await this.askForLease(lease);
      if (answer === 'acquired') {
        await this.startSession().catch(async (error: unknown) => {
          await lease.release();
          throw error;
        });
      } else if (answer === 'held elsewhere') {
        this.changeRole('standby');
      }
      this.following = this.follow(lease);
    }
    await this.reportProgress();
    this.ticker = setInterval(() => void this.reportProgress(), PROGRESS_INTERVAL_MS);
    this.ticker.unref();
  }

  /** Ready once it has caught up with the log and its last batch committed, or while it stands by. */
  get healthy(): boolean {
    return !this.failing && (this.role === 'standby' || this.session?.current === true);
  }

  /** The last position this projector committed (its session's). */
  get position(): bigint | undefined {
    return this.session?.position;
  }

  /**
   * Stops following the log and commits what is buffered if the store takes it at the first try; within
   * `closeTimeoutMs` whatever happens. Anything not committed stays behind the checkpoint and is replayed next start.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.ticker);
    this.wake();
    await this.session?.close();
    // Asking for the lease waits at most the connection timeout; closing waits no longer than its bound for it.
    await within(this.following, this.closeTimeoutMs);
    await this.options.lease?.release();
  }

  private async follow(lease: ProjectorLease): Promise<void> {
    while (!this.closing) {
      if (this.session !== undefined) {
        const lost = await this.waitFor(lease.whenLost());
        if (lost === undefined) {
          return;
        }
        this.reportFailing(lost);
        await this.session.close();
        this.session = undefined;
      }
      let answer = await this.askForLease(lease);
      while (!this.closing && answer !== 'acquired') {
        // Who holds the lease is known only from an answer: losing it says nothing about another process.
        this.changeRole(answer === 'held elsewhere' ? 'standby' : undefined);
        await this.waitFor(new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS).unref()));
        if (!this.closing) {
          answer = await this.askForLease(lease);
        }
      }
      if (!this.closing) {
        await this.startSession().catch(async (error: unknown) => {
          this.reportFailing(error);
          this.session = undefined;
          await lease.release();
        });
      }
    }
  }

  /** Asking fails while PostgreSQL is down: that is a failure of projecting, whichever process would project. */
  private async askForLease(lease: ProjectorLease): Promise<'acquired' | 'held elsewhere' | 'unreachable'> {
    try {
      if (await lease.tryAcquire()) {
        return 'acquired';
      }
      this.reportRecovered();
      return 'held elsewhere';
    } catch (error) {
      this.reportFailing(error);
      return 'unreachable';
    }
  }

  private async startSession(): Promise<void> {
    const session = new ProjectionSession(
      this.eventStore,
      this.readModel,
      {
        failing: (error) => this.reportFailing(error),
        succeeded: () => this.reportRecovered(),
        committed: (position, batch) => this.reportCommitted(position, batch),
        deadLettered: (letter) => this.observer.deadLettered?.(letter),
      },
      this.closeTimeoutMs,
    );
    this.session = session;
    await session.start();
    if (this.closing) {
      await session.close();
      return;
    }
    this.changeRole('active');
  }

  /** Resolves with the awaited value, or with undefined when closing starts first. */
  private waitFor<T>(wanted: Promise<T>): Promise<T | undefined> {
    if (this.closing) {
      return Promise.resolve(undefined);
    }
    return Promise.race([
      wanted,
      new Promise<undefined>((resolve) => {
        this.wake = () => resolve(undefined);
      }),
    ]);
  }

  private async reportProgress(): Promise<void> {
    // Between losing the lease and the next answer there is no session to measure.
    if (this.role === undefined || this.closing || (this.role === 'active' && this.session === undefined)) {
      return;
    }
    try {
      const position =
        this.role === 'active' ? this.session?.position : await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION);
      this.observer.progress?.(await measureProgress(this.eventStore, this.role, position));
    } catch (error) {
      // An active session meets the same outage and reports it; a standby has nothing else that would.
      if (this.role === 'standby') {
        this.reportFailing(error);
      }
    }
  }

  private reportCommitted(position: bigint, batch: readonly ProjectedEvent[]): void {
    const now = Date.now();
    this.observer.committed?.(
      position,
      batch.map((item) => (now - Date.parse(item.event.recordedAt)) / 1000),
    );
  }

  private changeRole(role: ProjectorRole | undefined): void {
    if (this.role !== role) {
      this.role = role;
      this.observer.roleChanged?.(role);
    }
  }

  private reportFailing(error: unknown): void {
    if (!this.failing) {
      this.failing = true;
      this.observer.failed?.(error);
    }
  }

  private reportRecovered(): void {
    if (this.failing) {
      this.failing = false;
      this.observer.recovered?.();
    }
  }
}

function within(work: Promise<void> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
