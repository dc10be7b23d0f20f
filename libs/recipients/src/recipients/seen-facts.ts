import type { RecipientEvent } from '@app/domain';
import { indexFacts } from '@app/domain';

interface Entry {
  fingerprint: string;
  /** Position in the shared index: a version sees the entries before its own size. */
  order: number;
}

/**
 * The fingerprints of a stream's facts by event id (the decider's `seenFacts`), as of one revision of the stream.
 * Versions share one index: adding facts to the newest version writes into it and returns a longer view, so an
 * append costs the same on a stream of any length. An older version (a state still cached or being answered with)
 * goes on seeing only the facts it had; adding to one copies what it sees first, which only a caller building on a
 * stale state pays for.
 */
export class SeenFacts implements ReadonlyMap<string, string> {
  private constructor(
    private readonly shared: Map<string, Entry>,
    readonly size: number,
  ) {}

  static empty(): SeenFacts {
    return new SeenFacts(new Map(), 0);
  }

  /** This version with the facts among `events` added; this one is left as it was. */
  with(events: Iterable<RecipientEvent>): SeenFacts {
    const added = indexFacts(events);
    if (added.size === 0) {
      return this;
    }
    const extendsShared = this.shared.size === this.size && ![...added.keys()].some((id) => this.shared.has(id));
    // A fact id seen before would change what older versions see if it were written over: that is the copy's case.
    const shared = extendsShared ? this.shared : this.visibleCopy();
    for (const [eventId, fingerprint] of added) {
      const existing = shared.get(eventId);
      shared.set(eventId, { fingerprint, order: existing?.order ?? shared.size });
    }
    return new SeenFacts(shared, shared.size);
  }

  get(eventId: string): string | undefined {
    const entry = this.shared.get(eventId);
    return entry !== undefined && entry.order < this.size ? entry.fingerprint : undefined;
  }

  has(eventId: string): boolean {
    return this.get(eventId) !== undefined;
  }

  *entries(): MapIterator<[string, string]> {
    let seen = 0;
    // The shared map keeps insertion order and orders are given in it: this version's entries come first.
    for (const [eventId, { fingerprint }] of this.shared) {
      if (seen++ >= this.size) {
        return;
      }
      yield [eventId, fingerprint];
    }
  }

  *keys(): MapIterator<string> {
    for (const [eventId] of this.entries()) {
      yield eventId;
    }
  }

  *values(): MapIterator<string> {
    for (const [, fingerprint] of this.entries()) {
      yield fingerprint;
    }
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [eventId, fingerprint] of this.entries()) {
      callback(fingerprint, eventId, this);
    }
  }

  private visibleCopy(): Map<string, Entry> {
    const copy = new Map<string, Entry>();
    for (const [eventId, fingerprint] of this.entries()) {
      copy.set(eventId, { fingerprint, order: copy.size });
    }
    return copy;
  }
}
