import { RECIPIENT_EVENT_TYPES } from '@app/domain';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { DeadLetter, ProjectedEvent, ReadModelStore } from '@app/read-model';
import { deadLetterOf, isStoreOutage } from './projection-failure';
import { toProjectedEvent } from './projected-event';

export const RECIPIENT_STATUS_PROJECTION = 'recipient-status';

const MAX_BATCH = 500;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;
/** Attempts at a batch or event the store refuses (rather than cannot be reached for) before it is set aside. */
const MAX_REFUSED_ATTEMPTS = 3;

/** What a session tells the projector that runs it; the projector reports each failure episode once. */
export interface SessionReporter {
  /** Every failed try (the projector reports the first of an episode). */
  failing(error: unknown): void;
  /** A write (or the catch-up) went through after whatever failed before. */
  succeeded(): void;
  committed(position: bigint, batch: readonly ProjectedEvent[]): void;
  deadLettered(letter: DeadLetter): void;
}

/** What an attempt at a write came to: done, refused by the store for its content, or abandoned on closing. */
type Attempt = { kind: 'done' } | { kind: 'refused'; error: unknown } | { kind: 'closing' };

/**
 * One run of following the log from the read model's checkpoint, applying events in batches; the read model commits
 * the rows and the checkpoint together, so a later run resumes exactly where the last commit ended. A store that
 * cannot be reached holds the subscription back and is retried with backoff until it recovers; an event the store
 * refuses (or that cannot be decoded) is retried a few times, then recorded as a dead letter with the checkpoint
 * moved past it, so one event can never stop the projection for good. Events the filter skips move the checkpoint
 * too, so a checkpoint at the log's head means nothing is pending.
 */
export class ProjectionSession {
  private subscription: Subscription | undefined;
  private buffer: ProjectedEvent[] = [];
  /** The last position the subscription skipped past, not yet in a commit. */
  private skippedTo: bigint | undefined;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Immediate | undefined;
  private closing = false;
  private caughtUp = false;
  /** Set while a refused batch is applied one event at a time. */
  private isolating = false;
  private lastPosition: bigint | undefined;
  /** Ends the current retry pause early, so closing never waits out a backoff. */
  private wake: (() => void) | undefined;
  /** Resolves when closing starts: handlers stop holding the subscription back, so it (and its store) can close. */
  private readonly closingStarted: Promise<void>;
  private startClosing: () => void = () => undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly reporter: SessionReporter,
    private readonly closeTimeoutMs: number,
  ) {
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
        onCheckpoint: (position) => {
          this.skippedTo = position;
          this.flushSoon();
        },
        onCaughtUp: () => this.untilClosing(this.onCaughtUp()),
        onError: (error) => this.reporter.failing(error),
      },
    );
  }

  /** Caught up with the log and its last batch committed. */
  get current(): boolean {
    return this.caughtUp;
  }

  get position(): bigint | undefined {
    return this.lastPosition;
  }

  /**
   * Stops following the log and commits what is buffered if the store takes it at the first try; within
   * `closeTimeoutMs` whatever happens. Anything not committed stays behind the checkpoint and is replayed next run.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.startClosing();
    this.wake?.();
    clearImmediate(this.timer);
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

  private async onCaughtUp(): Promise<void> {
    await this.flush();
    if (!this.closing) {
      this.caughtUp = true;
      this.reporter.succeeded();
    }
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
    } else {
      this.flushSoon();
    }
  }

  /**
   * Once the events delivered in this turn are buffered: a page the subscription read is delivered within one turn,
   * so it commits as one batch, without a timer's delay.
   */
  private flushSoon(): void {
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      void this.flush();
    });
  }

  /** Batches commit one after another, in log order; a batch also carries the checkpoint past skipped events. */
  private flush(): Promise<void> {
    const batch = this.buffer;
    const through = later(batch.at(-1)?.position, this.skippedTo);
    this.buffer = [];
    this.skippedTo = undefined;
    if (through !== undefined) {
      this.chain = this.chain.then(() => this.commit(batch, through));
    }
    return this.chain;
  }

  private async commit(batch: ProjectedEvent[], through: bigint): Promise<void> {
    const checkpoint = { name: RECIPIENT_STATUS_PROJECTION, position: through };
    const attempt = await this.attempt(() => this.readModel.project(batch, checkpoint), MAX_REFUSED_ATTEMPTS);
    if (attempt.kind === 'done') {
      this.advancedTo(through, batch);
    } else if (attempt.kind === 'refused' && batch.length > 1) {
      // Some event in the batch is refused: one at a time, the others commit and only that one is set aside. The
      // failure lasts until the whole batch is through, so it is reported once, and its recovery once.
      this.isolating = true;
      try {
        for (const event of batch) {
          if (this.closing) {
            return;
          }
          await this.commit([event], event.position);
        }
      } finally {
        this.isolating = false;
      }
      this.reporter.succeeded();
    } else if (attempt.kind === 'refused' && batch.length === 1) {
      await this.setAside(deadLetterOf(batch[0]!, attempt.error));
    }
  }

  /** Records the dead letter and moves the checkpoint past it; refusing even that is retried as an outage is. */
  private async setAside(letter: DeadLetter): Promise<void> {
    const checkpoint = { name: RECIPIENT_STATUS_PROJECTION, position: letter.position };
    const attempt = await this.attempt(() => this.readModel.deadLetter(letter, checkpoint), Infinity);
    if (attempt.kind === 'done') {
      this.reporter.deadLettered(letter);
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
        this.reporter.failing(error);
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
      this.reporter.succeeded();
    }
    this.lastPosition = position;
    this.reporter.committed(position, batch);
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

function later(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  return a > b ? a : b;
}
