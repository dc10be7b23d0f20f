import Database from 'better-sqlite3';
import type { EventStore } from '@app/event-store';

/** The embedded store exposes its better-sqlite3 connection; any other store has none. */
export function embeddedDatabase(store: EventStore): Database.Database | undefined {
  const candidate = (store as { database?: unknown }).database;
  return candidate instanceof Database ? candidate : undefined;
}
