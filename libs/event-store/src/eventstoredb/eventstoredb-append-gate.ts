/**
 * At most `limit` appends in flight on one client; the rest wait their turn before the client sees them. The client
 * starts an append's deadline when it is called, so a batch that appends to a thousand recipients at once would
 * otherwise run past the deadline of its last appends while the first ones are still being written: those would
 * answer 503 although the server was merely busy, and with an outcome nobody can know.
 */
export class AppendGate {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`An append gate needs a whole number of at least 1, not ${limit}`);
    }
  }

  async run<T>(append: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.inFlight++;
    }
    try {
      return await append();
    } finally {
      // Hand the slot straight to the next waiter, so a newcomer cannot overtake the queue.
      const next = this.waiting.shift();
      if (next === undefined) {
        this.inFlight--;
      } else {
        next();
      }
    }
  }
}
