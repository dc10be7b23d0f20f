import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStoreDbEventStore } from '@app/event-store';
import type { ReadModelRows } from '@app/read-model';
import { dropPostgresSchemas, postgresReadModelRows } from '@app/read-model';
// eslint-disable-next-line no-restricted-imports -- a test server, deliberately outside @app/event-store's public entry
import { startEventStoreStandIn } from '../../../libs/event-store/src/testing/esdb-stand-in';
// eslint-disable-next-line no-restricted-imports -- its type, from the same test server
import type { EventStoreStandIn } from '../../../libs/event-store/src/testing/esdb-stand-in';
import { CLI, readModelRows as embeddedReadModelRows, run } from '../../support/cli-process';
import { eventually } from '../../support/test-app';
import { freeLoopbackPort } from './free-port';
import type { LoggedEvent } from './log-snapshot';
import { readEventLog as readEmbeddedLog, recipientEventsOf } from './log-snapshot';
import { rebuiltReadModelRows as rebuiltEmbeddedRows } from './read-model-rebuild';

/**
 * The two shapes a service is deployed in: `embedded` (one SQLite file for the log and the read model, written in
 * one transaction) and `production` (EventStoreDB for the log, followed by a projector into PostgreSQL). There is no
 * EventStoreDB server in CI, so `production` runs the protocol stand-in in this process: real gRPC on loopback, served
 * to the real client, which services in process and child processes alike connect to.
 */
export type ServiceShape = 'embedded' | 'production';

/** The PostgreSQL the production shape needs, or undefined when DATABASE_URL is not set. */
export const PRODUCTION_DATABASE_URL = process.env.DATABASE_URL;

/** The shapes a suite runs on: both with DATABASE_URL, the embedded one alone (and a loud warning) without it. */
export function availableShapes(suite: string): ServiceShape[] {
  if (PRODUCTION_DATABASE_URL === undefined) {
    console.warn(`${suite}: the production shape is SKIPPED, since DATABASE_URL is not set`);
    return ['embedded'];
  }
  return ['embedded', 'production'];
}

/** Where one service keeps its data, and how a test reads the log and the read model back from there. */
export interface ServiceStores {
  readonly shape: ServiceShape;
  /** The service's DATA_DIR, a temporary folder of its own (the address hash key lives there on embedded). */
  readonly dataDir: string;
  /** What the service's environment needs besides DATA_DIR to use these stores (nothing on embedded). */
  readonly env: Record<string, string>;
  /** Every event of the log in log order: SQLite read-only, or through the EventStoreDB adapter. */
  readEventLog(): Promise<LoggedEvent[]>;
  /** The read model's rows, the checkpoint left out (it says how far a build read, not what it holds). */
  readModelRows(): Promise<ReadModelRows>;
  /** The rows `projections rebuild` of the CLI makes from the log alone; on embedded the service must be stopped. */
  rebuiltReadModelRows(): Promise<ReadModelRows>;
  /** Until the read model has applied every recipient event of the log (at once on embedded: it is written inline). */
  caughtUp(timeoutMs?: number): Promise<void>;
  /** Removes the folder and, on production, stops the stand-in and drops the schemas. */
  close(): Promise<void>;
}

/** The production shape's stores: the stand-in may be restarted under a running service. */
export interface ProductionStores extends ServiceStores {
  readonly shape: 'production';
  readonly standIn: EventStoreStandIn;
  readonly databaseUrl: string;
  readonly schema: string;
  /**
   * Stops the stand-in as a crashed node would (every connection dropped), waits `downMs`, and starts a new one on
   * the same port with the same log: a node restart that loses nothing it acknowledged.
   */
  restartEventStore(downMs?: number): Promise<void>;
}

export function openServiceStores(shape: 'production'): Promise<ProductionStores>;
export function openServiceStores(shape: ServiceShape): Promise<ServiceStores>;
export function openServiceStores(shape: ServiceShape): Promise<ServiceStores> {
  return shape === 'embedded' ? Promise.resolve(embeddedStores()) : openProductionStores();
}

function embeddedStores(): ServiceStores {
  const dataDir = temporaryDataDir();
  return {
    shape: 'embedded',
    dataDir,
    env: {},
    readEventLog: () => Promise.resolve(readEmbeddedLog(dataDir)),
    readModelRows: () => Promise.resolve(embeddedReadModelRows(dataDir)),
    rebuiltReadModelRows: () => rebuiltEmbeddedRows(dataDir),
    caughtUp: () => Promise.resolve(),
    close: () => {
      rmSync(dataDir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/**
 * A stand-in of its own on a fixed loopback port, a fresh PostgreSQL schema and a fresh address hash key (required on
 * EventStoreDB, where every replica must share it). Needs DATABASE_URL.
 */
export async function openProductionStores(): Promise<ProductionStores> {
  const databaseUrl = PRODUCTION_DATABASE_URL;
  if (databaseUrl === undefined) {
    throw new Error('The production shape needs DATABASE_URL (a PostgreSQL database it may create schemas in)');
  }
  const dataDir = temporaryDataDir();
  const schema = uniqueSchema('live');
  const schemas = [schema];
  // A port outside the ephemeral range, so a restarted stand-in finds it free (see free-port.ts).
  let standIn = await startEventStoreStandIn({ port: await freeLoopbackPort() });
  const env = {
    EVENT_STORE: 'eventstoredb',
    EVENTSTORE_CONNECTION_STRING: standIn.connectionString,
    ADDRESS_HASH_KEY: randomBytes(32).toString('hex'),
    READ_MODEL: 'postgres',
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
  };
  const readEventLog = () => readLogThroughAdapter(env.EVENTSTORE_CONNECTION_STRING);
  const withoutCheckpoint = ({ projection_checkpoints: _checkpoints, ...rows }: ReadModelRows) => rows;
  return {
    shape: 'production',
    dataDir,
    env,
    databaseUrl,
    schema,
    get standIn() {
      return standIn;
    },
    readEventLog,
    readModelRows: async () => withoutCheckpoint(await postgresReadModelRows(databaseUrl, schema)),
    rebuiltReadModelRows: async () => {
      const rebuilt = uniqueSchema('rebuilt');
      schemas.push(rebuilt);
      const folder = temporaryDataDir();
      try {
        const outcome = await run(CLI, ['projections', 'rebuild'], folder, undefined, {
          ...env,
          DATABASE_SCHEMA: rebuilt,
        });
        if (outcome.code !== 0) {
          throw new Error(`projections rebuild exited with ${outcome.code}:\n${outcome.stderr}\n${outcome.stdout}`);
        }
        return withoutCheckpoint(await postgresReadModelRows(databaseUrl, rebuilt));
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    caughtUp: async (timeoutMs = 60_000) => {
      const last = recipientEventsOf(await readEventLog()).at(-1);
      if (last === undefined) {
        return;
      }
      await eventually(async () => {
        const [checkpoint] = (await postgresReadModelRows(databaseUrl, schema)).projection_checkpoints as {
          position: string;
        }[];
        expect(BigInt(checkpoint?.position ?? -1)).toBeGreaterThanOrEqual(BigInt(last.position));
      }, timeoutMs);
    },
    restartEventStore: async (downMs = 0) => {
      const { port, log } = standIn;
      await standIn.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      standIn = await startEventStoreStandIn({ port, log });
    },
    close: async () => {
      await standIn.stop();
      await dropPostgresSchemas(databaseUrl, schemas);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every event the EventStoreDB adapter yields from `$all`, in log order (system events and id claims passed over). */
async function readLogThroughAdapter(connectionString: string): Promise<LoggedEvent[]> {
  const store = createEventStoreDbEventStore({ connectionString });
  try {
    const log: LoggedEvent[] = [];
    for await (const event of store.readAll({ pageSize: 1_000 })) {
      log.push({
        position: Number(event.position),
        streamId: event.streamId,
        revision: event.revision,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
      });
    }
    return log;
  } finally {
    await store.close();
  }
}

function temporaryDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'recipient-state-shape-'));
}

function uniqueSchema(role: string): string {
  return `shape_${role}_${randomBytes(6).toString('hex')}`;
}
