import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lastGlobalPosition } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE, loadEnvironment, RECIPIENT_STATUS_PROJECTION } from '@app/recipients';
import { generateHistory } from '@app/testing';
import { rebuildReadModel } from '../../apps/cli/src/projections-rebuild.command';
import { openCliContext } from '../../apps/cli/src/support/cli-context';
import { REPO_ROOT } from './bench-process';

export interface HistoryOptions {
  recipients: number;
  events: number;
  /** Also project the history into the embedded read model, so the API serves it. */
  project?: boolean;
}

/**
 * A generated embedded store kept in bench/.work/<name>/ across runs, since generating millions of events takes
 * minutes. A cached store is reused when it holds about the events asked for (and, when projected, its read model
 * has caught up with the log); anything else stops the run rather than measure the wrong data.
 */
export async function cachedHistory(name: string, options: HistoryOptions): Promise<string> {
  const dataDir = join(REPO_ROOT, 'bench', '.work', name);
  const path = join(dataDir, EMBEDDED_DATABASE_FILE);
  if (existsSync(path)) {
    const { events, projected } = inspect(path);
    if (events >= options.events * 0.95 && (options.project !== true || projected === events)) {
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
export async function projectHistory(dataDir: string): Promise<void> {
  const context = await openCliContext(loadEnvironment({ ...process.env, DATA_DIR: dataDir }));
  try {
    await rebuildReadModel(context, 5000);
  } finally {
    await context.close();
  }
}

function inspect(path: string): { events: number; projected: number } {
  const db = new Database(path, { readonly: true });
  try {
    const events = lastGlobalPosition(db);
    const hasReadModel = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'projection_checkpoints'").pluck();
    if (hasReadModel.get() !== 1) {
      return { events, projected: 0 };
    }
    const checkpoint = db.prepare('SELECT position FROM projection_checkpoints WHERE name = ?').pluck();
    return { events, projected: Number(checkpoint.get(RECIPIENT_STATUS_PROJECTION) ?? 0) };
  } finally {
    db.close();
  }
}
