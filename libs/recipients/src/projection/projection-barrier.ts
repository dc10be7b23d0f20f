import type { EventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { RECIPIENT_STATUS_PROJECTION } from './projection-session';

/** How often waiting readers look at the checkpoint: one query for all of them. */
const POLL_MS = 5;

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

  /** True once the read model has applied the log through `position`; false when `timeoutMs` passed first. */
  async passed(position: bigint, timeoutMs: number): Promise<boolean> {
    if (((await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)) ?? 0n) >= position) {
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
      let checkpoint: bigint;
      try {
        checkpoint = (await this.readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)) ?? 0n;
      } catch {
        // The read model is out of reach: the waiters time out unless it comes back first.
        continue;
      }
      for (const waiter of this.waiters) {
        if (checkpoint >= waiter.position) {
          this.settle(waiter, true);
        }
      }
    }
  }

  private settle(waiter: Waiter, passed: boolean): void {
    if (this.waiters.delete(waiter)) {
      clearTimeout(waiter.timer);
      waiter.resolve(passed);
    }
  }
}
