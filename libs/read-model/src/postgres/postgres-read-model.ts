import type { PoolClient } from 'pg';
import { Pool } from 'pg';
import type {
  Page,
  ProjectedEvent,
  ReadModelStore,
  RecipientStatusRow,
  RestorationFilter,
  RestorationRow,
  SuppressionListFilter,
} from '../read-model-store';
import type { DeadLetter, DeadLetterSummary } from '../dead-letter';
import { storableDeadLetter } from '../dead-letter';
import { ReadModelUnavailableError } from '../read-model-store';
import { translatedAsync } from './postgres-errors';
import { PostgresLists } from './postgres-lists';
import { PostgresProjection } from './postgres-projection';
import { erasePostgresRecipientRows } from './postgres-recipient-erasure';
import type { RestorationRecord, StatusRecord } from './postgres-rows';
import { RESTORATION_COLUMNS, STATUS_COLUMNS, toRestorationRow, toStatusRow } from './postgres-rows';
import { migratePostgres, quotedSchema } from './postgres-schema';

export interface PostgresReadModelOptions {
  connectionString: string;
  /** Where the read model's tables live; created when missing. Default `public`. */
  schema?: string;
  /** Connections in the pool; default 10. */
  poolSize?: number;
  /** How long to wait for a connection before the call fails as unavailable; default 5 s. */
  connectTimeoutMs?: number;
  /**
   * `at-once` (the default): creating the store connects and migrates, and rejects when PostgreSQL cannot be reached.
   * `on-first-use`: creating it touches no server, so a service starts during an outage; every call first migrates
   * the schema if that has not succeeded yet, and fails with `ReadModelUnavailableError` while it cannot.
   */
  migrate?: 'at-once' | 'on-first-use';
}

/** Addresses per bulk statement: one array parameter each. */
const LOOKUP_CHUNK = 10_000;

/**
 * The production read model. Creating it connects and migrates its schema, so a database that cannot be reached
 * rejects here with `ReadModelUnavailableError` (unless the migration waits for the first call, see `migrate`); later
 * outages reject each call the same way, and the pool reconnects when the server is back.
 */
export async function createPostgresReadModel(options: PostgresReadModelOptions): Promise<ReadModelStore> {
  const schema = options.schema ?? 'public';
  const quoted = quotedSchema(schema);
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    application_name: 'recipient-state read model',
  });
  // An idle connection the server dropped is reported here; the next query reconnects or fails on its own terms.
  pool.on('error', () => undefined);
  // A connection handed out (a projection's transaction) has no listener of the pool's: a server dying during the call
  // would raise an unhandled 'error' and end the process. The call fails with that error on its own.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const store = new PostgresReadModelStore(pool, schema, quoted);
  if (options.migrate !== 'on-first-use') {
    try {
      await store.migrated();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  return store;
}

class PostgresReadModelStore implements ReadModelStore {
  private readonly lists: PostgresLists;
  private readonly projection: PostgresProjection;
  private closed = false;
  /** Settled once the schema is migrated; while an attempt runs, callers share it; a failed one is tried again. */
  private migration: Promise<void> | undefined;
  private schemaReady = false;

  constructor(
    private readonly pool: Pool,
    private readonly schemaName: string,
    private readonly schema: string,
  ) {
    this.lists = new PostgresLists(pool, schema);
    this.projection = new PostgresProjection(schema);
  }

  /** Migrates the schema once; concurrent first calls wait for the same attempt, and a failed attempt is forgotten. */
  migrated(): Promise<void> {
    this.migration ??= translatedAsync(() =>
      withClient(this.pool, (client) => migratePostgres(client, this.schemaName)),
    ).then(
      () => {
        this.schemaReady = true;
      },
      (error: unknown) => {
        this.migration = undefined;
        throw error;
      },
    );
    return this.migration;
  }

  getRecipient(address: string): Promise<RecipientStatusRow | null> {
    return this.run(async () => {
      const result = await this.pool.query<StatusRecord>({
        name: 'rm_recipient',
        text: `SELECT ${STATUS_COLUMNS} FROM ${this.schema}.recipient_status WHERE address = $1 LIMIT 1`,
        values: [address],
      });
      const record = result.rows[0];
      return record === undefined ? null : toStatusRow(record);
    });
  }

  getRecipients(addresses: readonly string[]): Promise<Map<string, RecipientStatusRow>> {
    return this.run(async () => {
      const unique = [...new Set(addresses)];
      const found = new Map<string, RecipientStatusRow>();
      for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
        const result = await this.pool.query<StatusRecord>({
          name: 'rm_recipients',
          text: `SELECT ${STATUS_COLUMNS} FROM ${this.schema}.recipient_status WHERE address = ANY($1::text[])`,
          values: [unique.slice(start, start + LOOKUP_CHUNK)],
        });
        for (const record of result.rows) {
          found.set(record.address, toStatusRow(record));
        }
      }
      return found;
    });
  }

  listSuppressions(filter: SuppressionListFilter): Promise<Page<RecipientStatusRow>> {
    return this.run(() => this.lists.suppressions(filter));
  }

  getRestoration(restorationId: string): Promise<RestorationRow | null> {
    return this.run(async () => {
      const result = await this.pool.query<RestorationRecord>({
        name: 'rm_restoration',
        text: `SELECT ${RESTORATION_COLUMNS} FROM ${this.schema}.restorations WHERE restoration_id = $1`,
        values: [restorationId],
      });
      const record = result.rows[0];
      return record === undefined ? null : toRestorationRow(record);
    });
  }

  listRestorations(filter: RestorationFilter): Promise<Page<RestorationRow>> {
    return this.run(() => this.lists.restorations(filter));
  }

  project(events: readonly ProjectedEvent[], checkpoint: { name: string; position: bigint }): Promise<void> {
    return this.run(() => withClient(this.pool, (client) => this.projection.run(client, events, checkpoint)));
  }

  checkpoint(name: string): Promise<bigint | undefined> {
    return this.run(async () => {
      const result = await this.pool.query<{ position: string }>({
        name: 'rm_checkpoint',
        text: `SELECT position::text AS position FROM ${this.schema}.projection_checkpoints WHERE name = $1`,
        values: [name],
      });
      const record = result.rows[0];
      return record === undefined ? undefined : BigInt(record.position);
    });
  }

  deadLetter(letter: DeadLetter, checkpoint: { name: string; position: bigint }): Promise<void> {
    const stored = storableDeadLetter(letter);
    return this.run(() =>
      withClient(this.pool, async (client) => {
        await client.query('BEGIN');
        try {
          // A redelivered dead letter keeps the first record of it.
          await client.query(
            `INSERT INTO ${this.schema}.projection_dead_letters (name, position, stream_id, event_type, error)
             VALUES ($1, $2::numeric, $3, $4, $5) ON CONFLICT (name, position) DO NOTHING`,
            [checkpoint.name, stored.position.toString(), stored.streamId, stored.type, stored.error],
          );
          await client.query(
            `INSERT INTO ${this.schema}.projection_checkpoints AS c (name, position) VALUES ($1, $2::numeric)
             ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
             WHERE c.position < EXCLUDED.position`,
            [checkpoint.name, checkpoint.position.toString()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    );
  }

  deadLetters(name: string, limit: number): Promise<DeadLetterSummary> {
    return this.run(async () => {
      const total = await this.pool.query<{ total: string }>(
        `SELECT count(*)::text AS total FROM ${this.schema}.projection_dead_letters WHERE name = $1`,
        [name],
      );
      const first = await this.pool.query<{ position: string; stream_id: string; event_type: string; error: string }>(
        `SELECT position::text AS position, stream_id, event_type, error FROM ${this.schema}.projection_dead_letters
         WHERE name = $1 ORDER BY position LIMIT $2`,
        [name, limit],
      );
      return {
        total: Number(total.rows[0]?.total ?? 0),
        first: first.rows.map((record) => ({
          position: BigInt(record.position),
          streamId: record.stream_id,
          type: record.event_type,
          error: record.error,
        })),
      };
    });
  }

  eraseRecipient(streamId: string): Promise<void> {
    return this.run(() => erasePostgresRecipientRows(this.pool, this.schema, streamId));
  }

  reset(): Promise<void> {
    return this.run(async () => {
      await this.pool.query(
        `TRUNCATE ${this.schema}.recipient_status, ${this.schema}.restorations, ${this.schema}.projection_checkpoints, ` +
          `${this.schema}.projection_dead_letters`,
      );
    });
  }

  ping(): Promise<void> {
    return this.run(async () => {
      await this.pool.query('SELECT 1');
    });
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.pool.end();
    }
  }

  private run<T>(call: () => Promise<T>): Promise<T> {
    if (this.closed) {
      return Promise.reject(new ReadModelUnavailableError('The PostgreSQL read model is closed'));
    }
    if (!this.schemaReady) {
      return this.migrated().then(() => translatedAsync(call));
    }
    return translatedAsync(call);
  }
}

/** Runs with one pooled connection; a connection that failed is discarded rather than handed to the next caller. */
async function withClient<T>(pool: Pool, call: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await call(client);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
