import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqliteEventStore, SqliteEventStoreOptions } from '../sqlite/sqlite-event-store';
import { createSqliteEventStore } from '../sqlite/sqlite-event-store';

export interface TemporarySqliteStores {
  /** A fresh folder for each test. */
  readonly directory: string;
  /** Opens a store on `events.sqlite` in that folder (unless `path` says otherwise); closed after the test. */
  open(options?: Partial<SqliteEventStoreOptions>): SqliteEventStore;
}

/** Registers the hooks that give each test its own folder and close every store it opened. */
export function useTemporarySqliteStores(prefix: string): TemporarySqliteStores {
  let stores: SqliteEventStore[] = [];
  const fixture = {
    directory: '',
    open(options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore {
      const store = createSqliteEventStore({ path: join(fixture.directory, 'events.sqlite'), ...options });
      stores.push(store);
      return store;
    },
  };
  beforeEach(() => {
    fixture.directory = mkdtempSync(join(tmpdir(), prefix));
    stores = [];
  });
  afterEach(async () => {
    await Promise.all(stores.map((store) => store.close()));
    rmSync(fixture.directory, { recursive: true, force: true });
  });
  return fixture;
}
