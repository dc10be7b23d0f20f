import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import type { CurrentPolicy } from './current-policy';
import type { PolicyAdoption } from './policy-adoptions';
import { POLICY_ADOPTED, POLICY_STREAM, readAdoptions, toAdoption } from './policy-adoptions';

/** A subscription that died is started again after this pause, doubling up to the cap while it keeps failing. */
const RESUBSCRIBE_MIN_MS = 500;
const RESUBSCRIBE_MAX_MS = 10_000;

export interface PolicyFollowerObserver {
  /** Each adoption that replaced the policy in force while following. */
  adopted?(adoption: PolicyAdoption): void;
  /** Once when the subscription dies; following is started again with backoff from where it stood. */
  failed?(error: Error): void;
  /** Once when following works again after `failed`: the new subscription has caught up with the log. */
  recovered?(): void;
}

/** Where following stands against the adoptions in the log, measured when asked. */
export interface PolicyFollowerProgress {
  /** The log position it has followed through (0 before any). */
  position: bigint;
  /** Adoptions recorded past that position: not in force on this process yet. */
  pending: number;
  /** Age of the oldest of them; 0 when none is pending. */
  lagMs: number;
  /** Why following stopped and since when (epoch ms); undefined while it follows. */
  failure: { message: string; since: number } | undefined;
}

/**
 * Keeps the policy in force in step with adoptions, including ones made by the CLI or another replica while the
 * service runs, so every replica decides under the adopted policy. A subscription that dies (a failing read, a
 * store that gave up) is reported once and started again from the last position it passed, with backoff, until it
 * catches up again; `progress` says how far behind the log's adoptions it is, for readiness and metrics.
 */
export class PolicyFollower {
  private subscription: Subscription | undefined;
  private position: bigint | undefined;
  private failure: PolicyFollowerProgress['failure'];
  private retryMs = RESUBSCRIBE_MIN_MS;
  private retryTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(
    private readonly store: EventStore,
    private readonly policy: CurrentPolicy,
    private readonly observer: PolicyFollowerObserver = {},
  ) {}

  async start(): Promise<void> {
    this.position = await this.followFrom();
    this.subscribe();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.close();
  }

  /** Reads the adoptions stream (a few events), so it is cheap enough to ask at every readiness probe or scrape. */
  async progress(now = Date.now()): Promise<PolicyFollowerProgress> {
    const position = this.position ?? 0n;
    const pending = (await readAdoptions(this.store)).filter(
      (event) => this.position === undefined || event.position > position,
    );
    const oldest = pending[0];
    return {
      position,
      pending: pending.length,
      lagMs: oldest === undefined ? 0 : Math.max(0, now - Date.parse(oldest.recordedAt)),
      failure: this.failure,
    };
  }

  private subscribe(): void {
    const subscription = this.store.subscribeAll(
      { after: this.position, filter: { streamPrefixes: [POLICY_STREAM], eventTypes: [POLICY_ADOPTED] } },
      {
        onEvent: (event) => this.apply(event),
        onCheckpoint: (position) => this.passed(position),
        onCaughtUp: (position) => {
          if (position !== undefined) {
            this.passed(position);
          }
          this.recover();
        },
        onError: (error) => {
          if (this.subscription === subscription) {
            this.fail(error);
          }
        },
      },
    );
    this.subscription = subscription;
  }

  private apply(event: RecordedEvent): void {
    const adoption = toAdoption(event);
    if (adoption !== undefined && adoption.policy.version !== this.policy.get().version) {
      this.observer.adopted?.(adoption);
      this.policy.replace(adoption.policy);
    }
    this.passed(event.position);
  }

  private passed(position: bigint): void {
    if (this.position === undefined || position > this.position) {
      this.position = position;
    }
  }

  private fail(error: Error): void {
    this.subscription = undefined;
    if (this.failure === undefined) {
      this.failure = { message: error.message, since: Date.now() };
      this.observer.failed?.(error);
    }
    if (this.closing) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      if (!this.closing) {
        this.subscribe();
      }
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, RESUBSCRIBE_MAX_MS);
  }

  private recover(): void {
    this.retryMs = RESUBSCRIBE_MIN_MS;
    if (this.failure !== undefined) {
      this.failure = undefined;
      this.observer.recovered?.();
    }
  }

  /**
   * Applies the latest adoption and says where to follow from. A store that filters a subscription by reading every
   * page (the embedded log) tells its end (`lastPosition`), so following starts there rather than replaying a long log
   * before the service can answer; the end is read first, so an adoption landing meanwhile is seen twice at worst (and
   * applied once). A store without the capability filters on its side and follows from the last adoption.
   */
  private async followFrom(): Promise<bigint | undefined> {
    const end = await this.store.lastPosition?.();
    const adoptions = await readAdoptions(this.store);
    const last = adoptions[adoptions.length - 1];
    const adopted = last === undefined ? undefined : toAdoption(last);
    if (adopted !== undefined) {
      this.policy.replace(adopted.policy);
    }
    return end ?? last?.position;
  }
}
