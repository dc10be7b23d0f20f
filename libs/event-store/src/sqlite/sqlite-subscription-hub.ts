import type { Database, Statement } from 'better-sqlite3';
import type { Subscription, SubscriptionFilter, SubscriptionHandlers } from '../event-store';
import { SqliteSubscription } from './sqlite-subscription';
import type { SubscriptionPageReader } from './sqlite-subscription-page';

const PAGE_SIZE = 500;
/** Retrying a read that met another process's lock sooner than this would only spin. */
const MIN_RETRY_DELAY_MS = 10;

/**
 * The store's live subscriptions and what wakes them: this store's own commits (`committed()`), and commits by other
 * connections to the same file (the CLI writing while the API runs), seen by polling `PRAGMA data_version`, which
 * changes exactly when another connection has committed since this one last asked. It polls only while a
 * subscription is open, and never keeps the process alive on its own.
 */
export class SubscriptionHub {
  private readonly subscriptions = new Set<SqliteSubscription>();
  private readonly dataVersion: Statement<[], unknown>;
  private poller: NodeJS.Timeout | undefined;
  private seenDataVersion: unknown;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly readPage: SubscriptionPageReader,
    private readonly pollIntervalMs: number,
  ) {
    this.dataVersion = db.prepare<[], unknown>('PRAGMA data_version').pluck();
  }

  subscribe(options: { after?: bigint; filter?: SubscriptionFilter }, handlers: SubscriptionHandlers): Subscription {
    // Polling starts before the first read, so a commit by another process between the two cannot go unnoticed.
    this.startPolling();
    const subscription: SqliteSubscription = new SqliteSubscription(
      {
        after: options.after,
        filter: options.filter,
        pageSize: PAGE_SIZE,
        retryDelayMs: Math.max(this.pollIntervalMs, MIN_RETRY_DELAY_MS),
        readPage: (after, limit, filter) => this.readPage(after ?? 0n, limit, filter),
        onClosed: () => this.forget(subscription),
      },
      handlers,
    );
    if (this.closed) {
      void subscription.close();
    } else {
      this.subscriptions.add(subscription);
    }
    return subscription;
  }

  /** This store committed events: every subscription may have more to read. */
  committed(): void {
    for (const subscription of this.subscriptions) {
      subscription.wake();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopPolling();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  private forget(subscription: SqliteSubscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0) {
      this.stopPolling();
    }
  }

  private startPolling(): void {
    if (this.poller !== undefined || this.pollIntervalMs <= 0 || this.closed || this.db.memory) {
      return;
    }
    try {
      this.seenDataVersion = this.dataVersion.get();
    } catch {
      // The subscriptions' own reads meet the same failure and report it.
    }
    this.poller = setInterval(() => this.poll(), this.pollIntervalMs);
    this.poller.unref();
  }

  private poll(): void {
    try {
      const version = this.dataVersion.get();
      if (version !== this.seenDataVersion) {
        this.seenDataVersion = version;
        this.committed();
      }
    } catch {
      // Let every subscription read, fail the same way and report it through its `onError`.
      this.stopPolling();
      this.committed();
    }
  }

  private stopPolling(): void {
    clearInterval(this.poller);
    this.poller = undefined;
  }
}
