import type { Database } from 'better-sqlite3';

/**
 * One step of a schema's history. Steps are never edited once released: a change is a new step with the next
 * version, so every database file reaches the same schema by the same path.
 */
export interface Migration {
  /** A positive integer; a list runs in ascending order, each step once per database. */
  version: number;
  /** Recorded beside the version, so a file migrated by a different history is refused rather than guessed at. */
  name: string;
  /** SQL for `exec`, or a function for a step that SQL alone cannot express. Runs inside the migration transaction. */
  up: string | ((db: Database) => void);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Brings `db` up to the last step of `migrations`, recording each applied step in `table`, and returns the versions
 * it applied (none when the file is current). Each owner of tables in a shared file (the event store, the read model)
 * keeps its own list and its own table, so their histories stay independent.
 *
 * Everything runs in one `BEGIN IMMEDIATE` transaction: two processes opening a fresh file at once cannot both
 * migrate it, and a failing step leaves the file as it was. A file whose recorded history is not a prefix of
 * `migrations` (a step renamed, removed, or from newer code) is refused, because running this code on it would
 * be a guess.
 */
export function runMigrations(db: Database, migrations: readonly Migration[], table = 'schema_migrations'): number[] {
  if (!IDENTIFIER.test(table)) {
    throw new RangeError(`Migration table name ${JSON.stringify(table)} is not a plain SQL identifier`);
  }
  assertOrdered(migrations, table);
  const migrate = db.transaction((): number[] => {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
    );
    const recorded = db.prepare(`SELECT version, name FROM ${table} ORDER BY version`).all() as Recorded[];
    assertSameHistory(recorded, migrations, table);
    const record = db.prepare(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`);
    const pending = migrations.slice(recorded.length);
    for (const migration of pending) {
      if (typeof migration.up === 'string') {
        db.exec(migration.up);
      } else {
        migration.up(db);
      }
      record.run(migration.version, migration.name, new Date().toISOString());
    }
    return pending.map((migration) => migration.version);
  });
  return migrate.immediate();
}

interface Recorded {
  version: number;
  name: string;
}

function assertOrdered(migrations: readonly Migration[], table: string): void {
  let previous = 0;
  for (const { version, name } of migrations) {
    if (!Number.isSafeInteger(version) || version <= previous) {
      throw new RangeError(`Migrations for ${table} must have ascending positive integer versions; ${version} is not`);
    }
    if (name.trim() === '') {
      throw new RangeError(`Migration ${version} for ${table} needs a name`);
    }
    previous = version;
  }
}

function assertSameHistory(recorded: Recorded[], migrations: readonly Migration[], table: string): void {
  recorded.forEach((step, index) => {
    const known = migrations[index];
    if (known === undefined) {
      const latest = migrations.at(-1)?.version ?? 0;
      throw new Error(`The database's ${table} is at version ${step.version}, newer than this code (${latest})`);
    }
    if (known.version !== step.version || known.name !== step.name) {
      throw new Error(
        `The database's ${table} records ${step.version} "${step.name}" where this code has ` +
          `${known.version} "${known.name}"; the file was migrated by a different history`,
      );
    }
  });
}
