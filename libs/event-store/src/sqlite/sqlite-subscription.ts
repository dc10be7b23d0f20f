import type { Subscription, SubscriptionFilter, SubscriptionHandlers } from '../event-store';
import { isTransientSqliteError, translateSqliteError } from './sqlite-errors';
import { toRecordedEvent } from './sqlite-rows';
import type { SubscriptionPage } from './sqlite-subscription-page';
import { closeThenReport } from '../subscription-failure';

export interface SqliteSubscriptionOptions {
  after: bigint | undefined;
  filter: SubscriptionFilter | undefined;
  pageSize: number;
  /** Wait before reading again after another process held the database locked. */
  retryDelayMs: number;
  /** Spans up to `limit` positions strictly after `after`, answering the events among them the filter wants. */
  readPage(after: bigint | undefined, limit: number, filter: SubscriptionFilter | undefined): SubscriptionPage;
  onClosed(): void;
}

/**
 * A catch-up subscription that only ever pulls: it reads pages after its cursor until a short page says it has
 * reached the end, then waits for `wake()` (the store calls it after each committed group, and when its poll sees
 * another process's commit) and pulls again. Catch-up and live delivery are the same query from the same cursor,
 * so the hand-over between them can neither skip nor repeat an event. Positions become visible in order because
 * SQLite commits one writer at a time and each transaction's rowids exceed every committed one.
 */
export class SqliteSubscription implements Subscription {
  private cursor: bigint | undefined;
  private due = true;
  private running: Promise<void> | undefined;
  private caughtUp = false;
  private closed = false;
  private closing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: SqliteSubscriptionOptions,
    private readonly handlers: SubscriptionHandlers,
  ) {
    this.cursor = options.after;
    this.wake();
  }

  /** Something may have been committed past the cursor. */
  wake(): void {
    this.due = true;
    if (this.running === undefined && !this.closed) {
      this.running = this.run();
    }
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async run(): Promise<void> {
    // Handlers never run inside the caller's stack (`subscribeAll`, or the append that woke us).
    await Promise.resolve();
    try {
      while (this.due && !this.closed) {
        this.due = false;
        await this.pullToEnd();
      }
    } catch (error) {
      this.stopForGood(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.running = undefined;
    }
  }

  private async pullToEnd(): Promise<void> {
    for (;;) {
      const page = this.read();
      if (page === undefined) {
        return;
      }
      for (const row of page.rows) {
        if (this.closed) {
          return;
        }
        await this.handlers.onEvent(toRecordedEvent(row));
        this.cursor = row.position;
      }
      if (page.last !== undefined && page.last !== this.cursor && !this.closed) {
        // The page ends with events the filter skipped: past them is a safe place to resume.
        this.cursor = page.last;
        await this.handlers.onCheckpoint?.(page.last);
      }
      if (page.spanned < this.options.pageSize) {
        break;
      }
    }
    if (!this.caughtUp && !this.closed) {
      this.caughtUp = true;
      await this.handlers.onCaughtUp?.(this.cursor);
    }
  }

  /** A page, or undefined when another process holds the file locked and a retry is scheduled. */
  private read(): SubscriptionPage | undefined {
    try {
      return this.options.readPage(this.cursor, this.options.pageSize, this.options.filter);
    } catch (error) {
      if (!isTransientSqliteError(error)) {
        throw translateSqliteError(error);
      }
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.wake(), this.options.retryDelayMs);
      return undefined;
    }
  }

  /** A failing handler or read ends the subscription: retrying would fail the same way, skipping would lose events. */
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
    clearTimeout(this.retryTimer);
    await this.running;
    this.options.onClosed();
  }
}
