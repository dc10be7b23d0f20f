import { LRUCache } from 'lru-cache';

const DEFAULT_CAPACITY = 50_000;

/**
 * The Mailgun tokens accepted lately, bounded in memory: the app holds one and passes `(token) => tokens.seen(token)`
 * as the verifier's `seenToken`. Tokens older than the timestamp tolerance are refused as expired anyway, so the set
 * only has to outlast that window; the capacity bounds it under any load. Several replicas need a shared store
 * instead (the same function shape over Redis or the database).
 */
export class RecentTokens {
  private readonly tokens: LRUCache<string, true>;

  constructor(capacity: number = DEFAULT_CAPACITY) {
    this.tokens = new LRUCache({ max: capacity });
  }

  /** True when the token was seen before; otherwise remembers it and answers false. */
  seen(token: string): boolean {
    if (this.tokens.has(token)) {
      return true;
    }
    this.tokens.set(token, true);
    return false;
  }
}
