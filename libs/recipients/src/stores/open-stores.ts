import { join } from 'node:path';
import type { EventStore, SqliteConnection } from '@app/event-store';
import { createEventStoreDbEventStore, createSqliteEventStore } from '@app/event-store';
import type { ReadModelStore, SqliteReadModel } from '@app/read-model';
import { createPostgresProjectorLease, createPostgresReadModel, createSqliteReadModel } from '@app/read-model';
import type { Environment } from '../config/environment';
import { observingAll } from '../projection/observing-all';
import { isProjected, toProjectedEvent } from '../projection/projected-event';
import { ProjectionBarrier } from '../projection/projection-barrier';
import { ProjectionStatus } from '../projection/projection-status';
import type { FollowingProjector, ProjectorObserver } from '../projection/projector';
import { Projector } from '../projection/projector';
import { canRunProjectorThread, ProjectorThread } from '../projection/projector-thread';
import type { ProjectorWorkerInput } from '../projection/projector-worker-protocol';
import { assertStoreKeyFingerprint } from './key-fingerprint';
import { ensurePrivateDirectory } from './private-directory';
import { openReadModelFile } from './read-model-file';

export const EMBEDDED_DATABASE_FILE = 'recipient-state.sqlite';
/** The SQLite read model's own file when it follows another store's log (e.g. EventStoreDB in development). */
export const FOLLOWING_READ_MODEL_FILE = 'read-model.sqlite';

export interface Stores {
  eventStore: EventStore;
  readModel: ReadModelStore;
  /** Present when the read model follows the log instead of being written inside the append. */
  projector: FollowingProjector | undefined;
  /** What that projector last reported (role, failure, progress), for readiness and metrics. */
  projection: ProjectionStatus | undefined;
  /** Waits for the read model to pass a log position (read-your-writes); undefined when it is written inline. */
  barrier: ProjectionBarrier | undefined;
  close(): Promise<void>;
}

/**
 * Embedded (the default): one SQLite file holds the log and the read model, and the projection runs inside the
 * append's transaction, so a 2xx means the read model already shows the change. Any other combination follows the
 * log with a projector that commits its checkpoint with its rows: on a worker thread of its own with its own
 * connections (when running compiled), so it never waits behind requests for this thread's event loop. Over
 * PostgreSQL, a lease keyed by the schema lets one process at a time project; the others stand by.
 */
export async function openStores(
  env: Environment,
  observer?: ProjectorObserver,
  options: { startProjector?: boolean } = {},
): Promise<Stores> {
  ensurePrivateDirectory(env.DATA_DIR);
  if (env.EVENT_STORE === 'sqlite' && env.READ_MODEL === 'sqlite') {
    const embedded = openEmbedded(env);
    await checkedKey(env, embedded.eventStore, () => embedded.close());
    return embedded;
  }
  const eventStore =
    env.EVENT_STORE === 'eventstoredb'
      ? createEventStoreDbEventStore({ connectionString: env.EVENTSTORE_CONNECTION_STRING ?? '' })
      : createSqliteEventStore({ path: join(env.DATA_DIR, EMBEDDED_DATABASE_FILE) });
  await checkedKey(env, eventStore, () => eventStore.close());
  let readModelFile: SqliteConnection | undefined;
  let readModel: ReadModelStore;
  const serving = options.startProjector !== false;
  if (env.READ_MODEL === 'postgres') {
    // A service starts while PostgreSQL is down (commands only need the log); the projector, queries and readiness
    // meet the outage on their own terms and the schema is migrated once the server answers. A command-line run
    // that reads the read model fails at once instead.
    readModel = await createPostgresReadModel({
      connectionString: env.DATABASE_URL ?? '',
      schema: env.DATABASE_SCHEMA,
      migrate: serving ? 'on-first-use' : 'at-once',
    });
  } else {
    readModelFile = openReadModelFile(join(env.DATA_DIR, FOLLOWING_READ_MODEL_FILE));
    readModel = createSqliteReadModel({ db: readModelFile });
  }
  const projection = new ProjectionStatus();
  const reporting = observingAll(projection, observer ?? {});
  const projector =
    env.PROJECTOR_THREAD === 'own' && canRunProjectorThread()
      ? new ProjectorThread(workerInput(env), reporting)
      : new Projector(eventStore, readModel, reporting, {
          closeTimeoutMs: env.PROJECTOR_CLOSE_TIMEOUT_MS,
          lease: env.READ_MODEL === 'postgres' ? createPostgresProjectorLease(postgresOf(env)) : undefined,
        });
  if (serving) {
    try {
      await projector.start();
    } catch (error) {
      await Promise.allSettled([eventStore.close(), readModel.close()]);
      readModelFile?.close();
      throw error;
    }
  }
  return {
    eventStore,
    readModel,
    projector,
    projection,
    barrier: new ProjectionBarrier(eventStore, readModel),
    close: async () => {
      await projector.close();
      await Promise.allSettled([eventStore.close(), readModel.close()]);
      readModelFile?.close();
    },
  };
}

/** Nothing is read or written with a key the store was not created with; the store is closed before refusing. */
async function checkedKey(env: Environment, eventStore: EventStore, close: () => Promise<void>): Promise<void> {
  try {
    await assertStoreKeyFingerprint(env, eventStore);
  } catch (error) {
    await close();
    throw error;
  }
}

function postgresOf(env: Environment): { connectionString: string; schema: string } {
  return { connectionString: env.DATABASE_URL ?? '', schema: env.DATABASE_SCHEMA };
}

/** What the projector's thread opens: the same log and read model as this thread, over connections of its own. */
function workerInput(env: Environment): ProjectorWorkerInput {
  return {
    eventStore:
      env.EVENT_STORE === 'eventstoredb'
        ? { adapter: 'eventstoredb', connectionString: env.EVENTSTORE_CONNECTION_STRING ?? '' }
        : { adapter: 'sqlite', path: join(env.DATA_DIR, EMBEDDED_DATABASE_FILE) },
    readModel:
      env.READ_MODEL === 'postgres'
        ? { adapter: 'postgres', ...postgresOf(env) }
        : { adapter: 'sqlite', path: join(env.DATA_DIR, FOLLOWING_READ_MODEL_FILE) },
    closeTimeoutMs: env.PROJECTOR_CLOSE_TIMEOUT_MS,
  };
}

function openEmbedded(env: Environment): Stores {
  // The projection callback needs the read model, which needs the store's connection: bound once both exist.
  const inline: { readModel?: SqliteReadModel } = {};
  const eventStore = createSqliteEventStore({
    path: join(env.DATA_DIR, EMBEDDED_DATABASE_FILE),
    inlineProjection: (_tx, events) =>
      inline.readModel?.projectInline(events.filter(isProjected).map(toProjectedEvent)),
  });
  const readModel = createSqliteReadModel({ db: eventStore.database });
  inline.readModel = readModel;
  return {
    eventStore,
    readModel,
    projector: undefined,
    projection: undefined,
    barrier: undefined,
    close: async () => {
      await eventStore.close();
    },
  };
}
