import { parentPort, workerData } from 'node:worker_threads';
import type { EventStore, SqliteConnection } from '@app/event-store';
import { createEventStoreDbEventStore, createSqliteEventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createPostgresProjectorLease, createPostgresReadModel, createSqliteReadModel } from '@app/read-model';
import { openReadModelFile } from '../stores/read-model-file';
import type { ProjectorObserver, ProjectorOptions } from './projector';
import { Projector } from './projector';
import type { ProjectorWorkerInput, ProjectorWorkerMessage, ProjectorWorkerRequest } from './projector-worker-protocol';
import { errorReport } from './projector-worker-protocol';

/**
 * How often the worker's own connection looks for the API thread's commits (`PRAGMA data_version`, which reads
 * nothing when nothing changed): the API's appends wake only subscriptions on its own connection.
 */
const LOG_POLL_MS = 2;
/** The projector writes one batch at a time; the second connection serves its progress reads. */
const READ_MODEL_POOL_SIZE = 2;

function post(message: ProjectorWorkerMessage): void {
  parentPort?.postMessage(message);
}

/** Every report crosses to the API thread, which turns it into metrics, readiness and log lines. */
const relay: Required<ProjectorObserver> = {
  committed: (position, lagSeconds) => post({ type: 'committed', position, lagSeconds }),
  failed: (error) => post({ type: 'failed', error: errorReport(error) }),
  recovered: () => post({ type: 'recovered' }),
  deadLettered: (letter) => post({ type: 'deadLettered', letter }),
  roleChanged: (role) => post({ type: 'roleChanged', role }),
  progress: (progress) => post({ type: 'progress', progress }),
};

function openEventStore(source: ProjectorWorkerInput['eventStore']): EventStore {
  return source.adapter === 'sqlite'
    ? createSqliteEventStore({ path: source.path, readOnly: true, pollIntervalMs: LOG_POLL_MS })
    : createEventStoreDbEventStore({ connectionString: source.connectionString });
}

interface OpenReadModel {
  readModel: ReadModelStore;
  options: ProjectorOptions;
  close(): Promise<void>;
}

async function openReadModel(input: ProjectorWorkerInput): Promise<OpenReadModel> {
  const source = input.readModel;
  if (source.adapter === 'postgres') {
    // Started while PostgreSQL is down, the projector waits for it (asking for the lease) rather than failing.
    const readModel = await createPostgresReadModel({
      ...source,
      poolSize: READ_MODEL_POOL_SIZE,
      migrate: 'on-first-use',
    });
    const lease = createPostgresProjectorLease(source);
    return { readModel, options: { closeTimeoutMs: input.closeTimeoutMs, lease }, close: () => readModel.close() };
  }
  const file: SqliteConnection = openReadModelFile(source.path);
  return {
    readModel: createSqliteReadModel({ db: file }),
    options: { closeTimeoutMs: input.closeTimeoutMs },
    close: () => {
      file.close();
      return Promise.resolve();
    },
  };
}

async function run(input: ProjectorWorkerInput): Promise<void> {
  const eventStore = openEventStore(input.eventStore);
  let opened: OpenReadModel | undefined;
  let projector: Projector | undefined;
  const closeAll = async (): Promise<void> => {
    await projector?.close();
    await Promise.allSettled([eventStore.close(), opened?.close()]);
  };
  try {
    opened = await openReadModel(input);
    projector = new Projector(eventStore, opened.readModel, relay, opened.options);
    await projector.start();
  } catch (error) {
    post({ type: 'startFailed', error: errorReport(error) });
    await closeAll();
    return;
  }
  parentPort?.on('message', (request: ProjectorWorkerRequest) => {
    if (request.type === 'close') {
      void closeAll().then(() => {
        post({ type: 'closed' });
        parentPort?.close();
      });
    }
  });
  post({ type: 'started' });
}

void run(workerData as ProjectorWorkerInput);
