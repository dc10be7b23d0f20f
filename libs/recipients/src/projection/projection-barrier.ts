import type { EventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { isProjected } from './projected-event';
import { RECIPIENT_STATUS_PROJECTION } from './projection-session';

/** How often waiting readers look at the checkpoint: one query for all of them. */
const POLL_MS = 5;
/** Events read per page past the checkpoint when looking for the first one still to apply; it is usually the first. */
const PENDING_PAGE = 16;

interface Progress {
  checkpoint: bigint;
  firstPending: bigint | undefined;
  end: bigint;
}

interface Waiter {
  position: bigint;
  resolve(passed: boolean): void;
  timer: NodeJS.Timeout;
}

/**
 * Read-your-writes over a read model that follows the log: a reader waits (bounded) until the read model's
 * checkpoint has passed a log position, such as the log's head when its query arrived, which is past every write
 * acknowledged before. The checkpoint is the read model's own, so the wait holds on any replica, whichever process
 * projects. One poll serves every waiting reader, and only while someone waits.
 */
export class ProjectionBarrier {
  private readonly waiters = new Set<Waiter>();
  private polling: Promise<void> | undefined;

  constructor(
    private readonly eventStore: EventStore,
    private readonly readModel: ReadModelStore,
  ) {}

  /** The log's last position now; undefined when the store cannot tell it without reading the log. */
  head(): Promise<bigint | undefined> {
    return this.eventStore.lastPosition?.() ?? Promise.resolve(undefined);
  }

  /**
   * True once the read model has applied the log through `position`; false when `timeoutMs` passed first. The log
   * may end in events the projection does not apply (EventStoreDB's event-id claims, tokens, store metadata), which a
   * filtered subscription need never report progress past, so a position is also passed once no event the
   * projection applies lies between the checkpoint and it.
   */
  async passed(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.reached(await this.progress(), position)) {
      return true;
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => this.settle(waiter, false), timeoutMs),
      };
      this.waiters.add(waiter);
      this.polling ??= this.poll().finally(() => {
        this.polling = undefined;
      });
    });
  }

  private async poll(): Promise<void> {
    while (this.waiters.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      let progress: Progress;
      try {
        progress = await this.progress();
      } catch {
        // The read model or the log is out of reach: the waiters time out unless it comes back first.
        continue;
      }
      for (const waiter of this.waiters) {
        if (this.reached(progress, waiter.position)) {
          this.settle(waiter, true);
        }
      }
    }
  }

  /**
   * The checkpoint, the first event past it that the projection applies (none: it has applied them all) and the end
   * of the log when that was read, so a position the log has not reached yet never counts as passed.
   */
  private async progress(): Promise<Progress> {
    const end = await this.eventStore.lastPosition?.();
    const checkpoint = await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION);
    let last = checkpoint ?? 0n;
    for await (const event of this.eventStore.readAll({ after: checkpoint, pageSize: PENDING_PAGE })) {
      if (isProjected(event)) {
        return { checkpoint: checkpoint ?? 0n, firstPending: event.position, end: end ?? event.position };
      }
      last = event.position;
    }
    return { checkpoint: checkpoint ?? 0n, firstPending: undefined, end: end ?? last };
  }

  private reached({ checkpoint, firstPending, end }: Progress, position: bigint): boolean {
    if (checkpoint >= position) {
      return true;
    }
    return firstPending === undefined ? position <= end : firstPending > position;
  }

  private settle(waiter: Waiter, passed: boolean): void {
    if (this.waiters.delete(waiter)) {
      clearTimeout(waiter.timer);
      waiter.resolve(passed);
    }
  }
}
