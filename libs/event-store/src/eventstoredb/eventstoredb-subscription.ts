import { eventTypeFilter, START, streamNameFilter } from '@eventstore/db-client';
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  EventStoreDBClient,
  Filter,
  Position,
} from '@eventstore/db-client';
import type { Subscription, SubscriptionFilter, SubscriptionHandlers } from '../event-store';
import {
  comparePositions,
  exactTypesRegex,
  matchesFilter,
  resumablePortPosition,
  toPosition,
  toRecordedEvent,
} from './eventstoredb-mapping';
import { closeThenReport } from '../subscription-failure';
import type { ErasedStreams } from './eventstoredb-erased-streams';

export interface ResubscribeOptions {
  /** Wait before the first resubscription after an error; doubles with each failure in a row. */
  initialDelayMs: number;
  maxDelayMs: number;
}

type Item =
  | { kind: 'event'; generation: number; resolved: AllStreamResolvedEvent }
  | { kind: 'checkpoint'; generation: number; position: Position }
  | { kind: 'caughtUp'; generation: number };

/** Above this many undelivered events the client stream is paused, so a slow handler holds the server back. */
const HIGH_WATER_MARK = 256;

/**
 * A `$all` catch-up subscription that outlives connection failures. The 6.x client never resubscribes by itself, so on
 * any error (or an end the server chose) this one opens a new subscription from the last delivered event or
 * checkpoint, after an exponential backoff, until `close()`.
 *
 * Positions are `(commit, prepare)` pairs, compared in that order, and a resubscription starts from the exact pair it
 * stopped at. A checkpoint only moves that resume position forwards: it is not an event, so it never stands for one
 * (a going-live checkpoint at `(end of log, 0)` lies before the event that will be written at the end).
 *
 * Delivery is sequential and in log order. The client reports checkpoints and `caughtUp` when it parses them, possibly
 * before it has handed over the events that preceded them (they may still sit in its readable buffer), so each marker
 * is held back until those events have been queued ahead of it.
 */
export class EventStoreDbSubscription implements Subscription {
  /** Where a resubscription starts: the last delivered event or checkpoint, whichever is later in the log. */
  private position: Position | undefined;
  /** The last position the handlers were told about (event, checkpoint or caught-up), as the port's bigint. */
  private reported: bigint | undefined;
  private generation = 0;
  private current: AllStreamSubscription | undefined;
  private queue: Item[] = [];
  private held: { item: Item; remaining: number }[] = [];
  private delivering = false;
  private running: Promise<void> = Promise.resolve();
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly erased: ErasedStreams,
    private readonly filter: SubscriptionFilter | undefined,
    private readonly handlers: SubscriptionHandlers,
    private readonly resubscribe: ResubscribeOptions,
    after: bigint | undefined,
    private readonly onClosed: () => void,
  ) {
    this.position = after === undefined ? undefined : toPosition(after);
    this.reported = after;
    this.open();
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private open(): void {
    if (this.closed) {
      return;
    }
    const generation = ++this.generation;
    let subscription: AllStreamSubscription;
    try {
      subscription = this.client.subscribeToAll({
        fromPosition: this.position ?? START,
        filter: this.serverFilter((position) => this.hold(generation, { kind: 'checkpoint', generation, position })),
      });
    } catch (error) {
      // Only invalid options or a disposed client throw here; neither gets better by retrying.
      this.stopForGood(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.current = subscription;
    subscription.on('data', (resolved: AllStreamResolvedEvent) => this.accept(generation, resolved));
    subscription.on('caughtUp', () => this.hold(generation, { kind: 'caughtUp', generation }));
    // Errors and an end the server chose are handled alike: resubscribe from the last delivered position.
    subscription.on('error', () => this.fail(generation));
    subscription.on('end', () => this.fail(generation));
  }

  /**
   * One server-side filter per subscription: the stream prefix when given (event types are then checked here), else
   * the exact event types, else "no system events". Any filter makes the server send checkpoints.
   */
  private serverFilter(checkpointReached: (position: Position) => void): Filter {
    const onCheckpoint = (_: unknown, position: Position): void =>
      checkpointReached({ commit: position.commit, prepare: position.prepare });
    const prefixes = this.filter?.streamPrefixes ?? [];
    const types = this.filter?.eventTypes ?? [];
    if (prefixes.length > 0) {
      return streamNameFilter({ prefixes, checkpointReached: onCheckpoint });
    }
    return eventTypeFilter({
      regex: types.length > 0 ? exactTypesRegex(types) : '^[^$]',
      checkpointReached: onCheckpoint,
    });
  }

  private accept(generation: number, resolved: AllStreamResolvedEvent): void {
    if (generation !== this.generation) {
      return;
    }
    this.enqueue({ kind: 'event', generation, resolved });
    // Markers wait for the events that were still buffered in the client when they arrived.
    for (const entry of this.held) {
      entry.remaining -= 1;
    }
    while (this.held[0] !== undefined && this.held[0].remaining <= 0) {
      const released = this.held.shift();
      if (released !== undefined) {
        this.enqueue(released.item);
      }
    }
    if (this.queue.length >= HIGH_WATER_MARK) {
      this.current?.pause();
    }
  }

  private hold(generation: number, item: Item): void {
    if (generation !== this.generation) {
      return;
    }
    const remaining = this.current?.readableLength ?? 0;
    if (remaining === 0 && this.held.length === 0) {
      this.enqueue(item);
    } else {
      this.held.push({ item, remaining });
    }
  }

  private enqueue(item: Item): void {
    this.queue.push(item);
    if (!this.delivering) {
      this.delivering = true;
      this.running = this.deliverAll();
    }
  }

  private async deliverAll(): Promise<void> {
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        if (item.generation !== this.generation || this.closed) {
          continue;
        }
        await this.deliver(item);
        if (this.queue.length < HIGH_WATER_MARK / 2 && this.current?.isPaused()) {
          this.current.resume();
        }
      }
    } catch (error) {
      // A handler that throws (or an event this store cannot have written) ends the subscription: retrying the
      // same event would fail the same way, and skipping it would lose it.
      this.stopForGood(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.delivering = false;
    }
  }

  private async deliver(item: Item): Promise<void> {
    switch (item.kind) {
      case 'event': {
        const event = item.resolved.event;
        // A resubscription starts after its position, so only a repeat of what was delivered can fall behind it.
        if (
          event === undefined ||
          (this.position !== undefined && comparePositions(event.position, this.position) <= 0)
        ) {
          return;
        }
        if (matchesFilter(event, this.filter)) {
          try {
            await this.erased.refreshIfStale();
          } catch {
            // Without the registry an erased event could be delivered: resubscribe from before this one instead.
            this.fail(item.generation);
            return;
          }
          if (!this.erased.hides(event)) {
            await this.handlers.onEvent(toRecordedEvent(event));
          }
        }
        this.position = { commit: event.position.commit, prepare: event.position.prepare };
        this.reported = this.later(event.position.commit);
        this.failures = 0;
        return;
      }
      case 'checkpoint': {
        if (this.position !== undefined && comparePositions(item.position, this.position) <= 0) {
          return;
        }
        this.position = item.position;
        const resumable = resumablePortPosition(item.position);
        if (this.reported === undefined || resumable > this.reported) {
          this.reported = resumable;
          await this.handlers.onCheckpoint?.(resumable);
        }
        return;
      }
      case 'caughtUp':
        this.failures = 0;
        await this.handlers.onCaughtUp?.(this.reported);
        return;
      default: {
        const unreachable: never = item;
        return unreachable;
      }
    }
  }

  private later(position: bigint): bigint {
    return this.reported === undefined || position > this.reported ? position : this.reported;
  }

  /** Drops the broken subscription and whatever it had queued; the next one resumes from `position`. */
  private fail(generation: number): void {
    if (generation !== this.generation || this.closed) {
      return;
    }
    this.generation += 1;
    this.queue = [];
    this.held = [];
    void this.dispose(this.current);
    this.current = undefined;
    const delay = Math.min(this.resubscribe.initialDelayMs * 2 ** this.failures, this.resubscribe.maxDelayMs);
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // Resume only once the handler in flight has finished and moved `position` past its event.
      void this.running.then(() => this.open());
    }, delay);
  }

  private stopForGood(error: Error): void {
    if (this.closed) {
      return;
    }
    closeThenReport(
      () => this.close(),
      () => this.handlers.onError?.(error),
    );
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    this.generation += 1;
    clearTimeout(this.retryTimer);
    this.queue = [];
    this.held = [];
    const current = this.current;
    this.current = undefined;
    await this.dispose(current);
    await this.running;
    this.onClosed();
  }

  private async dispose(subscription: AllStreamSubscription | undefined): Promise<void> {
    if (subscription === undefined) {
      return;
    }
    try {
      await subscription.unsubscribe();
    } catch {
      // The call may never have started (no connection); there is nothing left to cancel then.
    }
    subscription.destroy();
  }
}
