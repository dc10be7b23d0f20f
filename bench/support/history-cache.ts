import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Stores } from '@app/recipients';
import {
  EMBEDDED_DATABASE_FILE,
  loadEnvironment,
  openStores,
  rebuildReadModel,
  RECIPIENT_STATUS_PROJECTION,
} from '@app/recipients';
import { generateHistory } from '@app/testing';
import { REPO_ROOT } from './bench-process';

/** Events after the projected ones that a cached store may hold: those of the servers started on it. */
const UNPROJECTED_ALLOWANCE = 100;

export interface HistoryOptions {
  recipients: number;
  events: number;
  /** Also project the history into the embedded read model, so the API serves it. */
  project?: boolean;
  /** The directory the cached stores live in (default bench/.work/); a history of millions of events takes gigabytes. */
  root?: string;
}

/**
 * A generated embedded store kept in bench/.work/<name>/ (or under `root`) across runs, since generating millions of events takes
 * minutes. A cached store is reused when it holds about the events asked for (and, when projected, its read model
 * has caught up with the log); anything else stops the run rather than measure the wrong data.
 */
export async function cachedHistory(name: string, options: HistoryOptions): Promise<string> {
  const dataDir = join(options.root ?? join(REPO_ROOT, 'bench', '.work'), name);
  const path = join(dataDir, EMBEDDED_DATABASE_FILE);
  if (existsSync(path)) {
    const { events, projected } = await inspect(dataDir);
    // A server started on the store appends a few events no projection reads (its access tokens) after the last
    // projected one.
    if (events >= options.events * 0.95 && (options.project !== true || events - projected <= UNPROJECTED_ALLOWANCE)) {
      console.log(`using the cached history in ${dataDir} (${events.toLocaleString('en-US')} events)`);
      return dataDir;
    }
    throw new Error(
      `${path} holds ${events} events (projected to ${projected}), not ~${options.events}: delete ${dataDir} to ` +
        'generate it again',
    );
  }
  console.log(
    `generating ~${options.events.toLocaleString('en-US')} events for ` +
      `${options.recipients.toLocaleString('en-US')} recipients into ${dataDir} ...`,
  );
  const result = await generateHistory({ dataDir, recipients: options.recipients, events: options.events, seed: 42 });
  console.log(`generated ${result.events.toLocaleString('en-US')} events in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  if (options.project === true) {
    const started = performance.now();
    await projectHistory(dataDir);
    console.log(`projected them into the read model in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return dataDir;
}

/** Rebuilds the embedded read model from the log, as `recipient-state projections rebuild` does. */
export function projectHistory(dataDir: string): Promise<void> {
  return withStores(dataDir, async (stores) => {
    await rebuildReadModel(stores, 5000);
  });
}

/** Events in the log, and how far the read model's projection has caught up with them. */
function inspect(dataDir: string): Promise<{ events: number; projected: number }> {
  return withStores(dataDir, async ({ eventStore, readModel }) => ({
    events: Number((await eventStore.lastPosition?.()) ?? 0n),
    projected: Number((await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)) ?? 0n),
  }));
}

async function withStores<T>(dataDir: string, work: (stores: Stores) => Promise<T>): Promise<T> {
  const env = loadEnvironment({ ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite', READ_MODEL: 'sqlite' });
  const stores = await openStores(env, undefined, { startProjector: false });
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}
