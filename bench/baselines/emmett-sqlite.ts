import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/bench-process';

/**
 * Emmett's SQLite event store, loaded at run time from its own package in bench/baselines/emmett: it pulls sqlite3,
 * compiled from source, so only `npm run bench` installs it, and the root build and typecheck never see its types.
 * The interfaces below declare just what the append baseline calls, as Emmett 0.38 defines it.
 */
export const EMMETT_PACKAGE_DIRECTORY = join(REPO_ROOT, 'bench', 'baselines', 'emmett');

/** Emmett's expected stream version: a stream position, or that the stream must not exist yet. */
export type ExpectedStreamVersion = bigint | typeof STREAM_DOES_NOT_EXIST;
/** The value of Emmett's own `STREAM_DOES_NOT_EXIST`, which its version check compares against. */
export const STREAM_DOES_NOT_EXIST = 'STREAM_DOES_NOT_EXIST';

export interface EmmettEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { messageId: string };
}

/** One sqlite3 database handle; `appendToStream` runs its statements on it. */
export interface EmmettConnection {
  close(): void;
}

/** Functions, not methods: they are plain exports of the module, called unbound. */
export interface EmmettSqliteModule {
  getSQLiteEventStore: (options: { fileName: string }) => {
    appendToStream(
      streamName: string,
      events: EmmettEvent[],
      options: { expectedStreamVersion: ExpectedStreamVersion },
    ): Promise<{ nextExpectedStreamVersion: bigint }>;
  };
  sqliteConnection: (options: { fileName: string }) => EmmettConnection;
  createEventStoreSchema: (connection: EmmettConnection) => Promise<void>;
  appendToStream: (
    connection: EmmettConnection,
    streamName: string,
    streamType: string,
    events: EmmettEvent[],
    options: { expectedStreamVersion: ExpectedStreamVersion },
  ) => Promise<{ success: true; nextStreamPosition: bigint } | { success: false }>;
}

/** Emmett's SQLite module from the baseline's own node_modules, or an error saying how to install it. */
export function loadEmmettSqlite(): EmmettSqliteModule {
  const manifest = join(EMMETT_PACKAGE_DIRECTORY, 'package.json');
  if (!existsSync(join(EMMETT_PACKAGE_DIRECTORY, 'node_modules', '@event-driven-io', 'emmett-sqlite'))) {
    throw new Error(
      `Emmett's baseline is not installed in ${EMMETT_PACKAGE_DIRECTORY}: ` +
        'run `npm ci --prefix bench/baselines/emmett` (`npm run bench` does it first)',
    );
  }
  return createRequire(manifest)('@event-driven-io/emmett-sqlite') as EmmettSqliteModule;
}
