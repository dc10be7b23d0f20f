import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ReadModelUnavailableError } from '../read-model-store';
import { describeReadModelContract } from '../testing/read-model.contract';
import { at, EventLog, HOUR } from '../testing/recipient-log';
import type { SqliteReadModel } from './sqlite-read-model';
import { createSqliteReadModel, RECIPIENT_STATUS_CHECKPOINT } from './sqlite-read-model';
import { migrateSqliteReadModel, SQLITE_MIGRATIONS } from './sqlite-schema';

interface TestFile {
  path: string;
  open(): Database.Database;
  remove(): void;
}

/** A real file in WAL mode, as the embedded deployment uses, with an `events` table standing in for the store's. */
function testFile(): TestFile {
  const dir = mkdtempSync(join(tmpdir(), 'read-model-'));
  const path = join(dir, 'recipient-state.sqlite');
  const opened: Database.Database[] = [];
  return {
    path,
    open() {
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('busy_timeout = 5000');
      db.exec('CREATE TABLE IF NOT EXISTS events (global_position INTEGER PRIMARY KEY, data TEXT NOT NULL)');
      opened.push(db);
      return db;
    },
    remove() {
      opened.forEach((db) => db.close());
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeReadModelContract('SQLite', () => {
  const file = testFile();
  const store = createSqliteReadModel({ db: file.open() });
  return Promise.resolve({
    store,
    dispose: async () => {
      await store.close();
      file.remove();
    },
  });
});

describe('SQLite read model, projected inline by the event store', () => {
  let file: TestFile;
  let db: Database.Database;
  let readModel: SqliteReadModel;
  const log = new EventLog();
  const jane = log.recipient('jane@example.com').hardBounce(at(0)).correction(at(HOUR));
  const restorationId = jane.activeRestorationId();
  const appendEvent = (): void => {
    db.prepare('INSERT INTO events (data) VALUES (?)').run('{}');
  };

  beforeEach(() => {
    file = testFile();
    db = file.open();
    readModel = createSqliteReadModel({ db });
  });
  afterEach(() => file.remove());

  it('writes the rows and the checkpoint inside the append transaction, committing with it', async () => {
    db.transaction(() => {
      appendEvent();
      readModel.projectInline(log.events);
    }).immediate();

    expect(await readModel.getRecipient('jane@example.com')).toMatchObject({ standing: 'clear', restored: true });
    expect(await readModel.getRestoration(restorationId)).toMatchObject({ state: 'active' });
    expect(await readModel.checkpoint(RECIPIENT_STATUS_CHECKPOINT)).toBe(log.lastPosition);
  });

  it('rolls the rows back with the append when the transaction fails after projecting', async () => {
    expect(await readModel.getRecipient('jane@example.com')).toBeNull();
    const append = db.transaction(() => {
      appendEvent();
      readModel.projectInline(log.events);
      throw new Error('the append failed after the projection ran');
    });

    expect(() => append.immediate()).toThrow('the append failed');

    expect(await readModel.getRecipient('jane@example.com')).toBeNull();
    expect(await readModel.getRestoration(restorationId)).toBeNull();
    expect(await readModel.checkpoint(RECIPIENT_STATUS_CHECKPOINT)).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
  });

  it('rolls back only the failed append of a group committed together', async () => {
    const other = new EventLog();
    other.recipient('ann@example.com').hardBounce(at(0));
    const appendInSavepoint = db.transaction((events: typeof log.events, fail: boolean) => {
      appendEvent();
      readModel.projectInline(events);
      if (fail) {
        throw new Error('wrong expected revision');
      }
    });

    db.transaction(() => {
      appendInSavepoint(other.events, false);
      expect(() => appendInSavepoint(log.events, true)).toThrow('wrong expected revision');
    }).immediate();

    expect(await readModel.getRecipient('ann@example.com')).toMatchObject({ standing: 'suppressed' });
    expect(await readModel.getRecipient('jane@example.com')).toBeNull();
  });

  it('fails the append with the port error when the read model cannot write', async () => {
    await readModel.close();

    expect(() => db.transaction(() => readModel.projectInline(log.events)).immediate()).toThrow(
      ReadModelUnavailableError,
    );
  });

  it('shows rows another connection wrote to the file after a lookup found none', async () => {
    const writer = createSqliteReadModel({ db: file.open() });
    expect(await readModel.getRecipients(['jane@example.com'])).toEqual(new Map());

    writer.projectInline(log.events);

    expect((await readModel.getRecipients(['jane@example.com'])).get('jane@example.com')).toMatchObject({
      standing: 'clear',
    });
    await writer.reset();
    expect(await readModel.getRecipient('jane@example.com')).toBeNull();
  });

  it('answers a single lookup with what another connection wrote since, whatever was looked up in between', async () => {
    const writer = createSqliteReadModel({ db: file.open() });
    expect(await readModel.getRecipient('jane@example.com')).toBeNull();

    writer.projectInline(log.events);
    // A lookup that misses reads the file without asking whether it changed: it must not leave the old answer cached.
    expect(await readModel.getRecipient('nobody@example.com')).toBeNull();

    expect(await readModel.getRecipient('jane@example.com')).toMatchObject({ standing: 'clear' });
    await writer.reset();
    expect(await readModel.getRecipient('jane@example.com')).toBeNull();
  });

  it('keeps its rows when the file is opened again, migrating nothing twice', async () => {
    readModel.projectInline(log.events);
    const reopened = createSqliteReadModel({ db: file.open() });

    expect(await reopened.getRecipient('jane@example.com')).toMatchObject({ restored: true });
    expect(db.prepare('SELECT COUNT(*) FROM read_model_migrations').pluck().get()).toBe(SQLITE_MIGRATIONS.length);
  });

  it('upgrades a file of the first schema: its rows stay, the columns computed under a policy go', async () => {
    const old = testFile();
    try {
      const first = old.open();
      migrateSqliteReadModel(first, SQLITE_MIGRATIONS.slice(0, 1));
      first
        .prepare(
          `INSERT INTO recipient_status (stream_id, address, standing, since, soft_bouncing_until, run_length, restored,
             stream_revision, updated_at, state) VALUES ('recipient-1', 'jane@example.com', 'clear', NULL, ?, 2, 0, 1, ?, ?)`,
        )
        .run(Date.parse(at(7 * 24 * HOUR)), Date.parse(at(0)), JSON.stringify(jane.state));

      const upgraded = createSqliteReadModel({ db: old.open() });

      const columns = first.prepare<[], string>("SELECT name FROM pragma_table_info('recipient_status')").pluck().all();
      expect(columns).not.toContain('soft_bouncing_until');
      expect(columns).not.toContain('run_length');
      expect(await upgraded.getRecipient('jane@example.com')).toMatchObject({
        streamId: 'recipient-1',
        standing: 'clear',
        state: jane.state,
      });
    } finally {
      old.remove();
    }
  });

  it('refuses a file whose read-model schema came from a different history', () => {
    db.prepare("UPDATE read_model_migrations SET name = 'something else' WHERE version = 1").run();

    expect(() => createSqliteReadModel({ db: file.open() })).toThrow(/different history/);
  });

  it('reports a file another connection keeps locked as unavailable, and works once it is released', async () => {
    const holder = file.open();
    holder.exec('BEGIN IMMEDIATE');
    db.pragma('busy_timeout = 50');
    const checkpoint = { name: RECIPIENT_STATUS_CHECKPOINT, position: log.lastPosition };

    await expect(readModel.project(log.events, checkpoint)).rejects.toMatchObject({
      constructor: ReadModelUnavailableError,
      cause: { code: 'SQLITE_BUSY' },
    });

    holder.exec('ROLLBACK');
    await readModel.project(log.events, checkpoint);
    expect(await readModel.getRecipient('jane@example.com')).toMatchObject({ restored: true });
  });

  it('reports a database closed under it as unavailable', async () => {
    db.close();

    await expect(readModel.getRecipient('jane@example.com')).rejects.toBeInstanceOf(ReadModelUnavailableError);
  });
});
