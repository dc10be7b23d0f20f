import { randomUUID } from 'node:crypto';
import type { AllowlistEntry, AllowlistEvent } from '@app/domain';
import { Allowlist, ALLOWLIST_STREAM, parseAllowlistEntry, toAllowlistEvent } from '@app/domain';
import type { EventStore, Subscription } from '@app/event-store';
import { WrongExpectedRevisionError } from '@app/event-store';
import { readStreamOrNothing } from '../command-handling/handle-command';
import { followNamedStream } from '../erasure/named-stream';
import type { EventActor } from '../recipients/event-actor';
import { withActor } from '../recipients/event-actor';

export interface AllowlistChange {
  entry: string;
  by: string;
  reason: string;
}

export type AllowlistOutcome =
  | { outcome: 'added' | 'removed' | 'unchanged'; entry: AllowlistEntry | undefined }
  | { outcome: 'rejected'; code: 'invalid' | 'not_found'; field: string; message: string };

const EVENT_TYPES = ['AllowlistEntryAdded', 'AllowlistEntryRemoved'];
const MAX_ATTEMPTS = 5;

/**
 * The allowlist: addresses and domains that must never be suppressed, recorded in their own stream (who added or
 * removed each, and why) and followed, so a change made by the CLI or another replica is seen.
 */
export class AllowlistRegistry {
  private allowlist = new Allowlist();
  private subscription: Subscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly now: () => number,
  ) {}

  async follow(): Promise<void> {
    this.subscription = await followNamedStream(this.store, ALLOWLIST_STREAM, EVENT_TYPES, (recorded) =>
      this.allowlist.apply(toAllowlistEvent(recorded)),
    );
  }

  async close(): Promise<void> {
    await this.subscription?.close();
    this.subscription = undefined;
  }

  /** The entry that allowlists a normalised address, if any. */
  matching(normalisedAddress: string): AllowlistEntry | undefined {
    return this.allowlist.matching(normalisedAddress);
  }

  list(): AllowlistEntry[] {
    return this.allowlist.list();
  }

  add(change: AllowlistChange, actor?: EventActor): Promise<AllowlistOutcome> {
    return this.change(change, actor, (allowlist, entry, kind) =>
      allowlist.has(entry)
        ? undefined
        : { type: 'AllowlistEntryAdded', data: { entry, kind, by: change.by, reason: change.reason } },
    );
  }

  remove(change: AllowlistChange, actor?: EventActor): Promise<AllowlistOutcome> {
    return this.change(change, actor, (allowlist, entry) =>
      allowlist.has(entry)
        ? { type: 'AllowlistEntryRemoved', data: { entry, by: change.by, reason: change.reason } }
        : 'not_found',
    );
  }

  /** Reads the stream, decides on its fold, appends at the revision read; a concurrent change decides again. */
  private async change(
    change: AllowlistChange,
    actor: EventActor | undefined,
    decide: (
      allowlist: Allowlist,
      entry: string,
      kind: 'address' | 'domain',
    ) => Pick<AllowlistEvent, 'type' | 'data'> | 'not_found' | undefined,
  ): Promise<AllowlistOutcome> {
    const parsed = parseAllowlistEntry(change.entry);
    if ('error' in parsed) {
      return { outcome: 'rejected', code: 'invalid', field: 'entry', message: parsed.error };
    }
    for (const field of ['by', 'reason'] as const) {
      if (typeof change[field] !== 'string' || change[field].trim() === '') {
        return { outcome: 'rejected', code: 'invalid', field, message: `${field} must not be empty` };
      }
    }
    for (let attempt = 1; ; attempt++) {
      const recorded = await readStreamOrNothing(this.store, ALLOWLIST_STREAM);
      const allowlist = new Allowlist();
      recorded.forEach((event) => allowlist.apply(toAllowlistEvent(event)));
      this.allowlist = allowlist;
      const decided = decide(allowlist, parsed.entry, parsed.kind);
      if (decided === 'not_found') {
        return {
          outcome: 'rejected',
          code: 'not_found',
          field: 'entry',
          message: `${parsed.entry} is not on the allowlist`,
        };
      }
      if (decided === undefined) {
        return { outcome: 'unchanged', entry: allowlist.get(parsed.entry) };
      }
      // Read before appending: the subscription may apply the event to this fold before the append resolves.
      const before = allowlist.get(parsed.entry);
      const event = {
        ...decided,
        eventId: randomUUID(),
        recordedAt: new Date(this.now()).toISOString(),
      } as AllowlistEvent;
      const expected = recorded.length === 0 ? 'no_stream' : (recorded.at(-1)?.revision ?? 0);
      try {
        const stored = { eventId: event.eventId, type: event.type, data: { ...event.data }, metadata: {} };
        await this.store.append(ALLOWLIST_STREAM, [withActor(stored, actor)], expected);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < MAX_ATTEMPTS) {
          continue;
        }
        throw error;
      }
      allowlist.apply(event);
      return event.type === 'AllowlistEntryAdded'
        ? { outcome: 'added', entry: allowlist.get(parsed.entry) }
        : { outcome: 'removed', entry: before };
    }
  }
}
