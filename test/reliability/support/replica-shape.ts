import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadModelRows } from '@app/read-model';
import { dropPostgresSchemas, postgresReadModelRows } from '@app/read-model';
import { CLI, run } from '../../support/cli-process';
// eslint-disable-next-line no-restricted-imports -- a test server, deliberately outside @app/event-store's public entry
import { startEventStoreStandIn } from '../../../libs/event-store/src/testing/esdb-stand-in';
// eslint-disable-next-line no-restricted-imports -- its type, from the same test server
import type { EventStoreStandIn } from '../../../libs/event-store/src/testing/esdb-stand-in';

/**
 * The production shape on one machine: the EventStoreDB protocol stand-in (real gRPC on loopback, in this process),
 * one PostgreSQL schema for the read model, and the environment every replica shares: the same store, key, schema
 * and first token (the token comes from the process starter, see `startServer`).
 */
export interface ProductionShape {
  standIn: EventStoreStandIn;
  databaseUrl: string;
  schema: string;
  env: Record<string, string>;
  /** Stops the stand-in and drops the schema and any other schemas named. */
  close(otherSchemas?: readonly string[]): Promise<void>;
}

export async function startProductionShape(options: {
  databaseUrl: string;
  schemaPrefix: string;
  /** A broken server that writes whatever revision an append expects: shows what the check prevents. */
  ignoreExpectedRevision?: boolean;
}): Promise<ProductionShape> {
  const standIn = await startEventStoreStandIn({ ignoreExpectedRevision: options.ignoreExpectedRevision });
  const schema = `${options.schemaPrefix}_${randomBytes(5).toString('hex')}`;
  const env = {
    EVENT_STORE: 'eventstoredb',
    EVENTSTORE_CONNECTION_STRING: standIn.connectionString,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    READ_MODEL: 'postgres',
    DATABASE_URL: options.databaseUrl,
    DATABASE_SCHEMA: schema,
    LOG_LEVEL: 'fatal',
  };
  return {
    standIn,
    databaseUrl: options.databaseUrl,
    schema,
    env,
    close: async (otherSchemas = []) => {
      await standIn.stop();
      await dropPostgresSchemas(options.databaseUrl, [schema, ...otherSchemas]);
    },
  };
}

/** Every row of a read-model schema but the checkpoints, which say how far a build read rather than what it holds. */
export async function readModelRowsOf(databaseUrl: string, schema: string): Promise<ReadModelRows> {
  const { projection_checkpoints: _checkpoints, ...rows } = await postgresReadModelRows(databaseUrl, schema);
  return rows;
}

/** The read model's checkpoint in a schema, or undefined before the first commit. */
export async function checkpointOf(databaseUrl: string, schema: string): Promise<bigint | undefined> {
  const { projection_checkpoints: checkpoints = [] } = await postgresReadModelRows(databaseUrl, schema);
  const [first] = checkpoints as { position: string }[];
  return first === undefined ? undefined : BigInt(first.position);
}

/** The rows `projections rebuild` of the CLI writes from the log alone, into a schema of its own. */
export async function rebuiltRowsOf(shape: ProductionShape, schema: string): Promise<ReadModelRows> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-replica-rebuild-'));
  try {
    const rebuild = await run(CLI, ['projections', 'rebuild'], dataDir, undefined, {
      ...shape.env,
      DATABASE_SCHEMA: schema,
    });
    if (rebuild.code !== 0) {
      throw new Error(`projections rebuild exited with ${rebuild.code}: ${rebuild.stderr}`);
    }
    return await readModelRowsOf(shape.databaseUrl, schema);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
