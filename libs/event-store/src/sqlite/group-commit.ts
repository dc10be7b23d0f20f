export interface GroupCommitOptions {
  /**
   * How long the first request of a group waits for others. 0 gathers whatever is submitted before the event loop
   * next checks for I/O (`setImmediate`): every writer whose previous append just resolved, and every request whose
   * I/O arrived while the last commit blocked the loop.
   */
  windowMs: number;
  /** A group closes early at this many requests; the rest wait for the next one. */
  maxBatch: number;
}

/** How one request of a group ended: each is judged on its own, so one failure does not fail the others. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

interface Pending<TRequest, TResult> {
  request: TRequest;
  resolve(value: TResult): void;
  reject(error: Error): void;
}

/**
 * Gathers requests that arrive close together and hands them to `commit` as one group, so a synchronous store
 * pays one transaction (and one fsync) for all of them. `commit` runs synchronously and returns one outcome per
 * request, in order; if it throws, every request of the group fails with that error.
 */
export class GroupCommit<TRequest, TResult> {
  private queue: Pending<TRequest, TResult>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly options: GroupCommitOptions,
    private readonly commit: (requests: TRequest[]) => Outcome<TResult>[],
  ) {
    if (!Number.isFinite(options.windowMs) || options.windowMs < 0) {
      throw new RangeError(`groupCommitWindowMs must be 0 or more, not ${options.windowMs}`);
    }
    if (!Number.isSafeInteger(options.maxBatch) || options.maxBatch < 1) {
      throw new RangeError(`maxBatch must be a positive integer, not ${options.maxBatch}`);
    }
  }

  submit(request: TRequest): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.schedule();
    });
  }

  /** Commits everything still queued, now, group by group; used when the store closes. */
  drain(): void {
    this.cancel();
    while (this.queue.length > 0) {
      this.flushOne();
    }
  }

  private schedule(): void {
    if (this.queue.length >= this.options.maxBatch || this.options.windowMs === 0) {
      if (this.immediate === undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.immediate = setImmediate(() => this.flush());
      }
    } else if (this.timer === undefined && this.immediate === undefined) {
      this.timer = setTimeout(() => this.flush(), this.options.windowMs);
    }
  }

  private flush(): void {
    this.cancel();
    this.flushOne();
    if (this.queue.length > 0) {
      // One group per turn of the loop, so a long queue cannot keep I/O and timers waiting behind it.
      this.cancel();
      this.immediate = setImmediate(() => this.flush());
    }
  }

  private flushOne(): void {
    const group = this.queue.splice(0, this.options.maxBatch);
    if (group.length === 0) {
      return;
    }
    let outcomes: Outcome<TResult>[];
    try {
      outcomes = this.commit(group.map((pending) => pending.request));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      outcomes = group.map(() => ({ ok: false, error: failure }));
    }
    group.forEach((pending, index) => {
      const outcome = outcomes[index] ?? { ok: false, error: new Error('The group commit returned no outcome') };
      if (outcome.ok) {
        pending.resolve(outcome.value);
      } else {
        pending.reject(outcome.error);
      }
    });
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate !== undefined) {
      clearImmediate(this.immediate);
      this.immediate = undefined;
    }
  }
}
