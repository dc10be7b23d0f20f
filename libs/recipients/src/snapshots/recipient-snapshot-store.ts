import type { EventStore } from '@app/event-store';
import type { RecipientSnapshot } from './recipient-snapshot';
import { createSqliteRecipientSnapshots, isSqliteEventStore } from './sqlite-recipient-snapshots';

/**
 * Where recipients' snapshots are kept beside the log, and the lookup a state resumed from one needs: the facts of the
 * stream's past it does not hold. Snapshots are a cache of the log: rebuilds and replays never read them, and erasing a
 * recipient erases them.
 */
export interface RecipientSnapshotStore {
  /** The stream's snapshot in the current format; undefined when there is none (or only one of another format). */
  read(streamId: string): RecipientSnapshot | undefined;
  /** Keeps the snapshot in place of the stream's previous one, shortly after the call, unless its event is gone. */
  write(streamId: string, snapshot: RecipientSnapshot): void;
  /** Removes the stream's snapshot, leaving no readable copy of it behind. */
  erase(streamId: string): void;
  /** The fingerprints of the stream's facts that have these event ids, by event id (`factFingerprint`). */
  factFingerprints(streamId: string, eventIds: readonly string[]): ReadonlyMap<string, string>;
}

const opened = new WeakMap<EventStore, RecipientSnapshotStore>();

/**
 * The snapshot store beside this event store, opened once per store; undefined when the store has none (EventStoreDB:
 * its streams are folded from their start).
 */
export function recipientSnapshotsOf(store: EventStore): RecipientSnapshotStore | undefined {
  const known = opened.get(store);
  if (known !== undefined || !isSqliteEventStore(store)) {
    return known;
  }
  const snapshots = createSqliteRecipientSnapshots(store.database);
  opened.set(store, snapshots);
  return snapshots;
}
