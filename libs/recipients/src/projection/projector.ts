import { RECIPIENT_EVENT_TYPES } from '@app/domain';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { DeadLetter, ProjectedEvent, ReadModelStore } from '@app/read-model';
import { deadLetterOf, isStoreOutage } from './projection-failure';
import { toProjectedEvent } from './projected-event';

export const RECIPIENT_STATUS_PROJECTION = 'recipient-status';

/** How long `close()` waits for the last batch before giving up on it; its events are replayed at the next start. */
export const DEFAULT_PROJECTOR_CLOSE_TIMEOUT_MS = 10_000;

const MAX_BATCH = 500;
const FLUSH_DELAY_MS = 2;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
/** Attempts at a batch or event the store refuses (rather than cannot be reached for) before it is set aside. */
const MAX_REFUSED_ATTEMPTS = 3;

export interface ProjectorObserver {
  /** After each committed batch: its last position and the age of its oldest event. */
  committed?(position: bigint, lagSeconds: number[]): void;
  /** Once when projecting starts failing (a store outage, a refused event, a broken subscription). */
  failed?(error: unknown): void;
  /** Once when a commit succeeds again after `failed`. */
  recovered?(): void;
  /** An event set aside, recorded as a dead letter, so the projection could move on past it. */
  deadLettered?(letter: DeadLetter): void;
}

export interface ProjectorOptions {
  closeTimeoutMs?: number;
}

/** What an attempt at a write came to: done, refused by the store for its content, or abandoned on closing. */
type Attempt = { kind: 'done' } | { kind: 'refused'; error: unknown } | { kind: 'closing' };

/**
 * Follows the event log from the read model's checkpoint and applies events in batches; the read model commits the
 * rows and the checkpoint together, so a restart resumes exactly where the last commit ended. A store that cannot be
 * reached holds the subscription back and is retried with backoff until it recovers; an event the store refuses (or
 * that cannot be decoded) is retried a few times, then recorded as a dead letter with the checkpoint moved past it,
 * so one event can never stop the projection for good.
 */
export class Projector {
  private subscription: Subscription | undefined;
  private buffer: ProjectedEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closing = false;
  private caughtUp = false;
  private failing = false;
  /** Set while a refused batch is applied one event at a time. */
  private isolating = false;
  private lastPosition: bigint | undefined;
  /** Ends the current retry pause early, so closing never waits out a backoff. */
  private wake: (() => void) | undefined;
  private readonly closeTimeoutMs: number;
  /** Resolves when closing starts: handlers stop holding the subscription back, so it (and its store) can close. */
  private readonly closingStarted: Promise<void>;
  private startClosing: () => void = () => undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly observer: ProjectorObserver = {},
    options: ProjectorOptions = {},
  ) {
    this.closeTimeoutMs = options.closeTimeoutMs ?? DEFAULT_PROJECTOR_CLOSE_TIMEOUT_MS;
    this.closingStarted = new Promise((resolve) => {
      this.startClosing = resolve;
    });
  }

  async start(): Promise<void> {
    const after = await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION);
    this.lastPosition = after;
    this.subscription = this.eventStore.subscribeAll(
      { after, filter: { streamPrefixes: [RECIPIENT_STREAM_PREFIX], eventTypes: [...RECIPIENT_EVENT_TYPES] } },
      {
        onEvent: (event) => this.untilClosing(this.onEvent(event)),
        onCaughtUp: () => {
          this.caughtUp = true;
          return this.untilClosing(this.flush());
        },
        onError: (error) => this.markFailing(error),
      },
    );
  }

  /** Ready once it has caught up with the log and its last batch committed. */
  get healthy(): boolean {
    return this.caughtUp && !this.failing;
  }

  get position(): bigint | undefined {
    return this.lastPosition;
  }

  /**
   * Stops following the log and commits what is buffered if the store takes it at the first try; within
   * `closeTimeoutMs` whatever happens. Anything not committed stays behind the checkpoint and is replayed next start.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.startClosing();
    this.wake?.();
    clearTimeout(this.timer);
    let deadline: NodeJS.Timeout | undefined;
    const stopped = (async () => {
      await this.subscription?.close();
      await this.flush();
    })();
    await Promise.race([
      stopped,
      new Promise<void>((resolve) => {
        deadline = setTimeout(resolve, this.closeTimeoutMs);
      }),
    ]).finally(() => clearTimeout(deadline));
  }

  private async onEvent(recorded: RecordedEvent): Promise<void> {
    let projected: ProjectedEvent;
    try {
      projected = toProjectedEvent(recorded);
    } catch (error) {
      // Retrying a decode gives the same answer: the events before it are committed, then it is set aside.
      void this.flush();
      this.chain = this.chain.then(() => this.setAside(deadLetterOf(recorded, error)));
      return this.chain;
    }
    this.buffer.push(projected);
    if (this.buffer.length >= MAX_BATCH) {
      await this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, FLUSH_DELAY_MS);
    }
  }

  /** Batches commit one after another, in log order. */
  private flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.chain = this.chain.then(() => this.commit(batch));
    }
    return this.chain;
  }

  private async commit(batch: ProjectedEvent[]): Promise<void> {
    const last = batch[batch.length - 1]!;
    const checkpoint = { name: RECIPIENT_STATUS_PROJECTION, position: last.position };
    const attempt = await this.attempt(() => this.readModel.project(batch, checkpoint), MAX_REFUSED_ATTEMPTS);
    if (attempt.kind === 'done') {
      this.advancedTo(last.position, batch);
    } else if (attempt.kind === 'refused' && batch.length > 1) {
      // Some event in the batch is refused: one at a time, the others commit and only that one is set aside. The
      // failure lasts until the whole batch is through, so it is reported once, and its recovery once.
      this.isolating = true;
      try {
        for (const event of batch) {
          if (this.closing) {
            return;
          }
          await this.commit([event]);
        }
      } finally {
        this.isolating = false;
      }
      this.recover();
    } else if (attempt.kind === 'refused') {
      await this.setAside(deadLetterOf(last, attempt.error));
    }
  }

  /** Records the dead letter and moves the checkpoint past it; refusing even that is retried as an outage is. */
  private async setAside(letter: DeadLetter): Promise<void> {
    const checkpoint = { name: RECIPIENT_STATUS_PROJECTION, position: letter.position };
    const attempt = await this.attempt(() => this.readModel.deadLetter(letter, checkpoint), Infinity);
    if (attempt.kind === 'done') {
      this.observer.deadLettered?.(letter);
      this.advancedTo(letter.position, []);
    }
  }

  /**
   * Tries a write until it is done: an outage is retried with backoff for as long as it lasts, a refusal at most
   * `maxRefused` times. Once closing, a failed try is not repeated.
   */
  private async attempt(write: () => Promise<void>, maxRefused: number): Promise<Attempt> {
    let delay = RETRY_MIN_MS;
    for (let refused = 0; ;) {
      try {
        await write();
        return { kind: 'done' };
      } catch (error) {
        this.markFailing(error);
        if (this.closing) {
          return { kind: 'closing' };
        }
        if (!isStoreOutage(error) && ++refused >= maxRefused) {
          return { kind: 'refused', error };
        }
        await this.pause(delay);
        if (this.closing) {
          return { kind: 'closing' };
        }
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }

  private advancedTo(position: bigint, batch: readonly ProjectedEvent[]): void {
    if (!this.isolating) {
      this.recover();
    }
    this.lastPosition = position;
    const now = Date.now();
    this.observer.committed?.(
      position,
      batch.map((item) => (now - Date.parse(item.event.recordedAt)) / 1000),
    );
  }

  private recover(): void {
    if (this.failing) {
      this.failing = false;
      this.observer.recovered?.();
    }
  }

  private markFailing(error: unknown): void {
    if (!this.failing) {
      this.failing = true;
      this.observer.failed?.(error);
    }
  }

  private untilClosing(work: Promise<void>): Promise<void> {
    return Promise.race([work, this.closingStarted]);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
