import type { RecipientState } from '@app/domain';

export interface LoadedRecipient {
  state: RecipientState;
  /** Fingerprints of the stream's facts, by event id. */
  seenFacts: ReadonlyMap<string, string>;
  /** Revision of the stream's last event; -1 for a stream that does not exist yet. */
  revision: number;
}

/**
 * Recently used recipient states, least recently used evicted first. An entry may be stale when another process
 * appended to the stream; the append's expected revision catches that, and the loop reloads.
 */
export class RecipientStateCache {
  private readonly entries = new Map<string, LoadedRecipient>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): LoadedRecipient | undefined {
    const entry = this.entries.get(streamId);
    if (entry !== undefined) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: LoadedRecipient): void {
    if (this.capacity === 0) {
      return;
    }
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
