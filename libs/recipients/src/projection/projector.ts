import { RECIPIENT_EVENT_TYPES } from '@app/domain';
import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ProjectedEvent, ReadModelStore } from '@app/read-model';
import { toProjectedEvent } from './projected-event';

export const RECIPIENT_STATUS_PROJECTION = 'recipient-status';

const MAX_BATCH = 500;
const FLUSH_DELAY_MS = 2;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

export interface ProjectorObserver {
  /** After each committed batch: its last position and the age of its oldest event. */
  committed?(position: bigint, lagSeconds: number[]): void;
  failed?(error: unknown): void;
}

/**
 * Follows the event log from the read model's checkpoint and applies events in batches; the read model commits the
 * rows and the checkpoint together, so a restart resumes exactly where the last commit ended. A failing read model
 * (database down) holds the subscription back and is retried with backoff until it recovers.
 */
export class Projector {
  private subscription: Subscription | undefined;
  private buffer: ProjectedEvent[] = [];
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private caughtUp = false;
  private failing = false;
  private lastPosition: bigint | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
    private readonly observer: ProjectorObserver = {},
  ) {}

  async start(): Promise<void> {
    const after = await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION);
    this.lastPosition = after;
    this.subscription = this.eventStore.subscribeAll(
      { after, filter: { streamPrefixes: [RECIPIENT_STREAM_PREFIX], eventTypes: [...RECIPIENT_EVENT_TYPES] } },
      {
        onEvent: (event) => this.onEvent(event),
        onCaughtUp: () => {
          this.caughtUp = true;
          return this.flush();
        },
        onError: (error) => this.observer.failed?.(error),
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

  async close(): Promise<void> {
    await this.subscription?.close();
    clearTimeout(this.timer);
    await this.flush();
    this.closed = true;
  }

  private async onEvent(recorded: RecordedEvent): Promise<void> {
    this.buffer.push(toProjectedEvent(recorded));
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
    let delay = RETRY_MIN_MS;
    while (!this.closed) {
      try {
        await this.readModel.project(batch, { name: RECIPIENT_STATUS_PROJECTION, position: last.position });
        this.failing = false;
        this.lastPosition = last.position;
        const now = Date.now();
        this.observer.committed?.(
          last.position,
          batch.map((item) => (now - Date.parse(item.event.recordedAt)) / 1000),
        );
        return;
      } catch (error) {
        this.failing = true;
        this.observer.failed?.(error);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    }
  }
}
