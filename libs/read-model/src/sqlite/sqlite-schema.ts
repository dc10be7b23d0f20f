import type { Database } from 'better-sqlite3';
import { assertSameHistory } from '../migration-history';

/** The read model's own history of schema steps, kept apart from the event store's in the same file. */
export const SQLITE_MIGRATIONS_TABLE = 'read_model_migrations';

interface Migration {
  version: number;
  /** Recorded with the version: a file migrated by another history is refused rather than guessed at. */
  name: string;
  sql: string;
}

/**
 * Released steps are never edited; a change is a new step. Times are epoch milliseconds (INTEGER), so comparisons do
 * not depend on how a time was written; `state` is the folded domain state as JSON. The partial indexes serve the
 * list of suppressions in (since, stream_id) order and stay small: most recipients are clear.
 */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'recipient status, restorations and checkpoints',
    sql: `
      CREATE TABLE recipient_status (
        stream_id TEXT NOT NULL UNIQUE,
        address TEXT NOT NULL,
        standing TEXT NOT NULL CHECK (standing IN ('clear', 'quarantined', 'suppressed')),
        cause TEXT,
        reason TEXT,
        since INTEGER,
        quarantine_until INTEGER,
        soft_bouncing_until INTEGER,
        run_length INTEGER NOT NULL,
        restored INTEGER NOT NULL CHECK (restored IN (0, 1)),
        restoration_id TEXT,
        stream_revision INTEGER NOT NULL,
        policy_version TEXT,
        updated_at INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX recipient_status_address ON recipient_status (address);
      CREATE INDEX recipient_status_listed ON recipient_status (since, stream_id) WHERE standing <> 'clear';
      CREATE INDEX recipient_status_cause ON recipient_status (cause, since, stream_id) WHERE cause IS NOT NULL;
      CREATE INDEX recipient_status_reason ON recipient_status (reason, since, stream_id) WHERE reason IS NOT NULL;

      CREATE TABLE restorations (
        restoration_id TEXT NOT NULL PRIMARY KEY,
        stream_id TEXT NOT NULL,
        address TEXT NOT NULL,
        trigger_event_id TEXT NOT NULL,
        previous TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('active', 'reverted', 'superseded')),
        restored_at INTEGER NOT NULL,
        ended_at INTEGER,
        reverted_by TEXT,
        note TEXT
      );
      CREATE INDEX restorations_listed ON restorations (restored_at, restoration_id);
      CREATE INDEX restorations_address ON restorations (address, restored_at, restoration_id);
      CREATE INDEX restorations_state ON restorations (state, restored_at, restoration_id);

      CREATE TABLE projection_checkpoints (
        name TEXT NOT NULL PRIMARY KEY,
        position INTEGER NOT NULL CHECK (position >= 0)
      );
    `,
  },
  {
    // Both were worked out under the policy of the moment; the answer now derives them from `state` at query time.
    version: 2,
    name: 'no soft-bouncing time or run length computed under a policy',
    sql: `
      ALTER TABLE recipient_status DROP COLUMN soft_bouncing_until;
      ALTER TABLE recipient_status DROP COLUMN run_length;
    `,
  },
  {
    // Events a projection could not apply, so it moves on past them while an operator can still see each one.
    version: 3,
    name: 'projection dead letters',
    sql: `
      CREATE TABLE projection_dead_letters (
        name TEXT NOT NULL,
        position INTEGER NOT NULL CHECK (position >= 0),
        stream_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        error TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (name, position)
      );
    `,
  },
];

/**
 * Brings the file up to the last step in one `BEGIN IMMEDIATE` transaction, so two processes opening a fresh file
 * cannot both migrate it and a failing step leaves the file as it was. Returns the versions applied.
 */
export function migrateSqliteReadModel(db: Database, migrations: readonly Migration[] = SQLITE_MIGRATIONS): number[] {
  const migrate = db.transaction((): number[] => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${SQLITE_MIGRATIONS_TABLE} (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL
      )`,
    );
    const recorded = db
      .prepare<[], { version: number; name: string }>(
        `SELECT version, name FROM ${SQLITE_MIGRATIONS_TABLE} ORDER BY version`,
      )
      .all();
    assertSameHistory(recorded, migrations);
    const record = db.prepare(`INSERT INTO ${SQLITE_MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`);
    const pending = migrations.slice(recorded.length);
    for (const migration of pending) {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    return pending.map((migration) => migration.version);
  });
  return migrate.immediate();
}
