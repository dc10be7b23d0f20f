import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EventStore } from './event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from './event-store';

/**
 * Where an EventStoreDB store keeps facts about itself. No `$` prefix (those are the server's own streams) and not a
 * recipient stream, so the projector's prefix filter never delivers it.
 */
export const STORE_METADATA_STREAM = 'recipient-state-metadata';
const METADATA_RECORDED = 'StoreMetadataRecorded';

/**
 * Records `value` under `name` unless the store already holds a value for it, and returns the value the store holds:
 * the first writer wins and every later one learns what it chose. The write is the first event of the metadata stream,
 * appended with `no_stream`, so two processes starting at once cannot both record.
 */
export async function claimStoreMetadata(store: EventStore, name: string, value: string): Promise<string> {
  const recorded = await readRecorded(store, name);
  if (recorded.value !== undefined) {
    return recorded.value;
  }
  const event = { eventId: randomUUID(), type: METADATA_RECORDED, data: { name, value } };
  try {
    await store.append(STORE_METADATA_STREAM, [event], recorded.lastRevision ?? 'no_stream');
    return value;
  } catch (error) {
    if (!(error instanceof WrongExpectedRevisionError)) {
      throw error;
    }
    // Another process recorded first: its value stands.
    return claimStoreMetadata(store, name, value);
  }
}

/** The same claim for an embedded SQLite store, in its `store_metadata` table beside the events. */
export function claimSqliteStoreMetadata(db: Database, name: string, value: string): string {
  db.prepare('INSERT OR IGNORE INTO store_metadata (name, value, recorded_at) VALUES (?, ?, ?)').run(
    name,
    value,
    new Date().toISOString(),
  );
  const row = db.prepare<[string], { value: string }>('SELECT value FROM store_metadata WHERE name = ?').get(name);
  if (row === undefined) {
    throw new Error(`store_metadata lost ${name} right after recording it`);
  }
  return row.value;
}

async function readRecorded(
  store: EventStore,
  name: string,
): Promise<{ value: string | undefined; lastRevision: number | undefined }> {
  try {
    const events = await store.readStream(STORE_METADATA_STREAM);
    const match = events.find((event) => event.type === METADATA_RECORDED && event.data.name === name);
    const value = typeof match?.data.value === 'string' ? match.data.value : undefined;
    return { value, lastRevision: events.at(-1)?.revision };
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return { value: undefined, lastRevision: undefined };
    }
    throw error;
  }
}
