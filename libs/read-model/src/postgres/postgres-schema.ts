import type { PoolClient } from 'pg';
import { assertSameHistory } from '../migration-history';

interface PostgresMigration {
  version: number;
  /** Recorded with the version: a schema migrated by another history is refused rather than guessed at. */
  name: string;
  /** The SQL of the step for the given (already quoted) schema. */
  up(schema: string): string;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A schema name is spliced into SQL, so only plain identifiers are accepted; it is quoted to keep its case. */
export function quotedSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(`PostgreSQL schema ${JSON.stringify(schema)} is not a plain identifier (letters, digits, _)`);
  }
  return `"${schema}"`;
}

/**
 * Released steps are never edited; a change is a new step. Ids compare byte-wise (COLLATE "C") so keyset pagination
 * orders the same way whatever the database's locale. Positions are NUMERIC(20) to hold any unsigned 64-bit log
 * position. The partial indexes serve the list of suppressions in (since, stream_id) order; most rows are clear.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'recipient status, restorations and checkpoints',
    up: (s) => `
      CREATE TABLE ${s}.recipient_status (
        stream_id text COLLATE "C" PRIMARY KEY,
        address text COLLATE "C" NOT NULL,
        standing text NOT NULL CHECK (standing IN ('clear', 'quarantined', 'suppressed')),
        cause text,
        reason text,
        since timestamptz,
        quarantine_until timestamptz,
        soft_bouncing_until timestamptz,
        run_length integer NOT NULL,
        restored boolean NOT NULL,
        restoration_id text,
        stream_revision bigint NOT NULL,
        policy_version text,
        updated_at timestamptz NOT NULL,
        state jsonb NOT NULL
      );
      CREATE INDEX recipient_status_address ON ${s}.recipient_status (address);
      CREATE INDEX recipient_status_listed ON ${s}.recipient_status (since, stream_id) WHERE standing <> 'clear';
      CREATE INDEX recipient_status_cause ON ${s}.recipient_status (cause, since, stream_id) WHERE cause IS NOT NULL;
      CREATE INDEX recipient_status_reason ON ${s}.recipient_status (reason, since, stream_id) WHERE reason IS NOT NULL;

      CREATE TABLE ${s}.restorations (
        restoration_id text COLLATE "C" PRIMARY KEY,
        stream_id text COLLATE "C" NOT NULL,
        address text COLLATE "C" NOT NULL,
        trigger_event_id text NOT NULL,
        previous jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('active', 'reverted', 'superseded')),
        restored_at timestamptz NOT NULL,
        ended_at timestamptz,
        reverted_by text,
        note text
      );
      CREATE INDEX restorations_listed ON ${s}.restorations (restored_at, restoration_id);
      CREATE INDEX restorations_address ON ${s}.restorations (address, restored_at, restoration_id);
      CREATE INDEX restorations_state ON ${s}.restorations (state, restored_at, restoration_id);

      CREATE TABLE ${s}.projection_checkpoints (
        name text PRIMARY KEY,
        position numeric(20, 0) NOT NULL CHECK (position >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // Both were worked out under the policy of the moment; the answer now derives them from `state` at query time.
    version: 2,
    name: 'no soft-bouncing time or run length computed under a policy',
    up: (s) => `
      ALTER TABLE ${s}.recipient_status DROP COLUMN soft_bouncing_until, DROP COLUMN run_length;
    `,
  },
  {
    // Events a projection could not apply, so it moves on past them while an operator can still see each one.
    version: 3,
    name: 'projection dead letters',
    up: (s) => `
      CREATE TABLE ${s}.projection_dead_letters (
        name text NOT NULL,
        position numeric(20, 0) NOT NULL CHECK (position >= 0),
        stream_id text NOT NULL,
        event_type text NOT NULL,
        error text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, position)
      );
    `,
  },
];

/**
 * Creates the schema if needed and brings it to the last step, in one transaction under an advisory lock keyed by
 * the schema, so replicas starting together migrate it once and a failing step leaves it as it was.
 */
export async function migratePostgres(
  client: PoolClient,
  schema: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  const s = quotedSchema(schema);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `recipient-state read model ${schema}`,
    ]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.read_model_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const recorded = await client.query<{ version: number; name: string }>(
      `SELECT version, name FROM ${s}.read_model_migrations ORDER BY version`,
    );
    assertSameHistory(recorded.rows, migrations);
    const pending = migrations.slice(recorded.rows.length);
    for (const migration of pending) {
      await client.query(migration.up(s));
      await client.query(`INSERT INTO ${s}.read_model_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
