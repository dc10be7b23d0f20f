import type { RecipientStatusRow } from '../read-model-store';

/**
 * Rows by address, for bulk lookups that repeat (the same audience checked before every send). `null` records an
 * address known to have no row. Bounded by two generations: entries go into the recent one; when it is full it
 * becomes the older one and the previous older one is dropped whole, and a hit in the older one moves the entry
 * back. Every operation is one or two map lookups, with no per-entry eviction bookkeeping. Entries are invalidated
 * by the writes of the owning read model and dropped wholesale when another connection changes the file.
 */
export class RowCache {
  private recent = new Map<string, RecipientStatusRow | null>();
  private older = new Map<string, RecipientStatusRow | null>();
  private readonly generationSize: number;

  constructor(capacity: number) {
    this.generationSize = Math.ceil(Math.max(0, capacity) / 2);
  }

  get(address: string): RecipientStatusRow | null | undefined {
    const recent = this.recent.get(address);
    if (recent !== undefined) {
      return recent;
    }
    const older = this.older.get(address);
    if (older !== undefined) {
      this.store(address, older);
    }
    return older;
  }

  set(address: string, row: RecipientStatusRow | null): void {
    if (this.generationSize > 0) {
      this.store(address, row);
    }
  }

  delete(address: string): void {
    this.recent.delete(address);
    this.older.delete(address);
  }

  clear(): void {
    this.recent.clear();
    this.older.clear();
  }

  /** The recent generation shadows the older one, so a stale older copy is never read. */
  private store(address: string, row: RecipientStatusRow | null): void {
    this.recent.set(address, row);
    if (this.recent.size >= this.generationSize) {
      this.older = this.recent;
      this.recent = new Map();
    }
  }
}
