import type { RecipientState } from '@app/domain';
import { LRUCache } from 'lru-cache';
import type { SeenFacts } from './seen-facts';

export interface LoadedRecipient {
  state: RecipientState;
  /** Fingerprints of the stream's facts, by event id. */
  seenFacts: SeenFacts;
  /** Revision of the stream's last event; -1 for a stream that does not exist yet. */
  revision: number;
  /** Log position of the stream's last event; undefined for a stream that does not exist yet. */
  position?: bigint;
}

/**
 * Recently used recipient states, least recently used evicted first. An entry may be stale when another process
 * appended to the stream; the append's expected revision catches that, and the loop reloads.
 */
export class RecipientStateCache {
  /** Absent when the capacity is 0: the cache is off (lru-cache needs a bound of at least one entry). */
  private readonly entries: LRUCache<string, LoadedRecipient> | undefined;

  constructor(capacity: number) {
    this.entries = capacity >= 1 ? new LRUCache({ max: Math.floor(capacity) }) : undefined;
  }

  get(streamId: string): LoadedRecipient | undefined {
    return this.entries?.get(streamId);
  }

  /**
   * Keeps the newer of the cached entry and this one: a slow read that began before this process's own append must
   * not put the stream's older state back over the state that append left (erasure deletes the entry first).
   */
  set(streamId: string, entry: LoadedRecipient): void {
    const cached = this.entries?.peek(streamId);
    if (cached === undefined || cached.revision <= entry.revision) {
      this.entries?.set(streamId, entry);
    }
  }

  delete(streamId: string): void {
    this.entries?.delete(streamId);
  }

  clear(): void {
    this.entries?.clear();
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }
}
