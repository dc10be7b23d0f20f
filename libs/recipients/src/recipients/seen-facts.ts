import type { RecipientEvent } from '@app/domain';
import { indexFacts } from '@app/domain';

interface Entry {
  fingerprint: string;
  /** Position in the shared index: a version sees the entries before its own size. */
  order: number;
}

/** Finds, among the facts of the stream's past, those with these ids: their fingerprints by event id. */
export type PastFactLookup = (eventIds: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/**
 * The facts before the revision a version started from (a snapshot's), which it does not hold: what was asked of
 * them and found missing, and what is known of them. The past never changes, so every version shares one.
 */
interface Past {
  known: Map<string, string>;
  /** Looked up and not there: answered as unseen until the next recall looks again. */
  absent: Set<string>;
  /** Asked for since the last recall and neither held nor known. */
  asked: Set<string>;
}

/**
 * The fingerprints of a stream's facts by event id (the decider's `seenFacts`), as of one revision of the stream.
 * Versions share one index: adding facts to the newest version writes into it and returns a longer view, so an
 * append costs the same on a stream of any length. An older version (a state still cached or being answered with)
 * goes on seeing only the facts it had; adding to one copies what it sees first, which only a caller building on a
 * stale state pays for.
 *
 * A version built on a snapshot (`afterSnapshot`) holds only the facts after it, so its cost does not grow with the
 * stream: an id it does not hold is noted as asked and answered as unseen, and `recall` then looks the asked ids up in
 * the store, so that deciding again gives the answer the whole stream would. Its size and iteration cover only the
 * facts it holds.
 */
export class SeenFacts implements ReadonlyMap<string, string> {
  private constructor(
    private readonly shared: Map<string, Entry>,
    readonly size: number,
    private readonly past?: Past,
  ) {}

  static empty(): SeenFacts {
    return new SeenFacts(new Map(), 0);
  }

  /** The facts of a stream resumed from a snapshot: none held yet, the ones before it found through `recall`. */
  static afterSnapshot(): SeenFacts {
    return new SeenFacts(new Map(), 0, { known: new Map(), absent: new Set(), asked: new Set() });
  }

  /**
   * Looks up the ids asked for since the last recall that this version neither held nor knew; once it settles,
   * deciding again (on this version or a later one) gives the answer the whole stream would. Undefined, without a
   * promise, when nothing was asked: the usual case, on every command.
   */
  recall(lookup: PastFactLookup): Promise<void> | undefined {
    const past = this.past;
    if (past === undefined || past.asked.size === 0) {
      return undefined;
    }
    const asked = [...past.asked];
    past.asked.clear();
    past.absent.clear();
    return lookup(asked).then((found) => {
      for (const eventId of asked) {
        const fingerprint = found.get(eventId);
        if (fingerprint === undefined) {
          past.absent.add(eventId);
        } else {
          past.known.set(eventId, fingerprint);
        }
      }
    });
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
    return new SeenFacts(shared, shared.size, this.past);
  }

  get(eventId: string): string | undefined {
    const entry = this.shared.get(eventId);
    if (entry !== undefined && entry.order < this.size) {
      return entry.fingerprint;
    }
    const past = this.past;
    if (past === undefined || past.absent.has(eventId)) {
      return undefined;
    }
    const known = past.known.get(eventId);
    if (known === undefined) {
      past.asked.add(eventId);
    }
    return known;
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
