import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Migration } from './migrations';
import { runMigrations } from './migrations';
import { createSqliteEventStore, SQLITE_EVENT_STORE_MIGRATIONS } from './sqlite-event-store';

const steps: Migration[] = [
  { version: 1, name: 'things', up: 'CREATE TABLE things (id INTEGER PRIMARY KEY, label TEXT)' },
  { version: 2, name: 'default thing', up: (db) => db.prepare("INSERT INTO things (label) VALUES ('first')").run() },
];
const third: Migration = { version: 3, name: 'thing index', up: 'CREATE INDEX things_label ON things (label)' };

describe('schema migrations', () => {
  let directory: string;
  let db: Database.Database;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'migrations-'));
    db = new Database(join(directory, 'file.sqlite'));
  });

  afterEach(() => {
    db.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const recorded = (table: string): unknown[] =>
    db.prepare(`SELECT version, name FROM ${table} ORDER BY version`).all();

  it('applies every step in order on a fresh file and records each', () => {
    expect(runMigrations(db, steps, 'thing_migrations')).toEqual([1, 2]);

    expect(recorded('thing_migrations')).toEqual([
      { version: 1, name: 'things' },
      { version: 2, name: 'default thing' },
    ]);
    expect(db.prepare('SELECT label FROM things').all()).toEqual([{ label: 'first' }]);
  });

  it('applies nothing the second time', () => {
    runMigrations(db, steps, 'thing_migrations');

    expect(runMigrations(db, steps, 'thing_migrations')).toEqual([]);
    expect(db.prepare('SELECT count(*) AS n FROM things').get()).toEqual({ n: 1 });
  });

  it('applies only the steps added since the last run', () => {
    runMigrations(db, steps, 'thing_migrations');

    expect(runMigrations(db, [...steps, third], 'thing_migrations')).toEqual([3]);
  });

  it('keeps separate histories in separate tables of one file', () => {
    runMigrations(db, steps, 'thing_migrations');

    expect(
      runMigrations(db, [{ version: 1, name: 'others', up: 'CREATE TABLE others (id INTEGER)' }], 'other'),
    ).toEqual([1]);
  });

  it('refuses a file migrated further than the code knows', () => {
    runMigrations(db, [...steps, third], 'thing_migrations');

    expect(() => runMigrations(db, steps, 'thing_migrations')).toThrow(/version 3, newer than this code \(2\)/);
  });

  it('refuses a file whose recorded history differs from the code', () => {
    runMigrations(db, steps, 'thing_migrations');
    const renamed = [steps[0], { ...steps[1], name: 'another thing' }] as Migration[];

    expect(() => runMigrations(db, renamed, 'thing_migrations')).toThrow(/different history/);
  });

  it('leaves the file as it was when a step fails', () => {
    const broken: Migration = { version: 3, name: 'broken', up: 'CREATE TABLE things (id INTEGER)' };
    runMigrations(db, steps, 'thing_migrations');

    expect(() => runMigrations(db, [...steps, third, { ...broken, version: 4 }], 'thing_migrations')).toThrow();
    expect(recorded('thing_migrations')).toHaveLength(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'things_label'").all()).toEqual([]);
  });

  it('refuses versions out of order and table names that are not identifiers', () => {
    expect(() => runMigrations(db, [steps[1], steps[0]] as Migration[], 'thing_migrations')).toThrow(RangeError);
    expect(() => runMigrations(db, steps, 'things; DROP TABLE x')).toThrow(RangeError);
  });

  it("records the event store's schema once, however often the file is opened", async () => {
    const path = join(directory, 'events.sqlite');
    await createSqliteEventStore({ path }).close();
    const store = createSqliteEventStore({ path });

    expect(runMigrations(store.database, SQLITE_EVENT_STORE_MIGRATIONS)).toEqual([]);
    expect(store.database.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'events' },
      { version: 2, name: 'store_metadata' },
    ]);
    await store.close();
  });
});
