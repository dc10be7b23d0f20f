import { LRUCache } from 'lru-cache';
import type { RecipientStatusRow } from '../read-model-store';

/** Stands for "this address has no row": lru-cache stores no null. */
const NO_ROW = Symbol('no row');

/**
 * Rows by address, for bulk lookups that repeat (the same audience checked before every send), least recently used
 * evicted first. `null` records an address known to have no row. Entries are invalidated by the writes of the owning
 * read model and dropped wholesale when another connection changes the file.
 */
export class RowCache {
  /** Absent when the capacity is below one: the cache is off (lru-cache needs a bound of at least one entry). */
  private readonly rows: LRUCache<string, RecipientStatusRow | typeof NO_ROW> | undefined;

  constructor(capacity: number) {
    this.rows = capacity >= 1 ? new LRUCache({ max: Math.floor(capacity) }) : undefined;
  }

  get(address: string): RecipientStatusRow | null | undefined {
    const row = this.rows?.get(address);
    return row === NO_ROW ? null : row;
  }

  set(address: string, row: RecipientStatusRow | null): void {
    this.rows?.set(address, row ?? NO_ROW);
  }

  delete(address: string): void {
    this.rows?.delete(address);
  }

  clear(): void {
    this.rows?.clear();
  }
}
