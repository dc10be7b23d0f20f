import Database from 'better-sqlite3';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
  ScanReplicaSource,
  StreamBatch,
  StreamErasure,
  StreamScanOptions,
  Subscription,
  SubscriptionFilter,
  SubscriptionHandlers,
} from '../event-store';
import { EventStoreUnavailableError, StreamNotFoundError } from '../event-store';
import { GroupCommit } from './group-commit';
import type { Migration } from './migrations';
import { runMigrations } from './migrations';
import type { AppendRequest, InlineProjection } from './sqlite-append';
import { createGroupAppender } from './sqlite-append';
import { translated, translateSqliteError } from './sqlite-errors';
import type { EventRow } from './sqlite-rows';
import { EVENT_COLUMNS, prepareLogPage, toRecordedEvent } from './sqlite-rows';
import { lastGlobalPosition, scanSqliteStreams } from './sqlite-stream-scan';
import { eraseSqliteStream } from './sqlite-stream-erasure';
import { SubscriptionHub } from './sqlite-subscription-hub';
import { createSubscriptionPageReader } from './sqlite-subscription-page';

export interface SqliteEventStoreOptions {
  /** The database file, created when missing; ':memory:' for a throwaway store (no WAL, invisible to others). */
  path: string;
  /**
   * `full` (the default): a resolved append has been fsynced to the WAL and survives a power cut. `normal` syncs only
   * at checkpoints: an append survives the process crashing but the last ones may vanish when the machine does.
   */
  synchronous?: 'full' | 'normal';
  /**
   * How long the first append of a group waits for others to share its transaction and fsync. Default 0 (the next
   * turn of the event loop): concurrent writers already fill a group within one turn, and any wait only delays a lone
   * writer (bench/event-store-append: 1 ms took a single writer from ~2,900 to ~600 appends/s, 64 writers gained
   * nothing).
   */
  groupCommitWindowMs?: number;
  /** Most appends one transaction takes; default 1024, so a batch of 1,000 recipients commits once. */
  maxBatch?: number;
  inlineProjection?: InlineProjection;
  /**
   * How often live subscriptions look for commits made by other processes on the same file (the CLI writing while
   * the API runs); default 200 ms, 0 turns it off. Commits by this store reach them at once, without polling.
   */
  pollIntervalMs?: number;
  /** How long a write waits for another process's transaction before failing as unavailable; default 5 s. */
  busyTimeoutMs?: number;
  /**
   * Opens an existing file for reading only (a scan replica on a worker thread): no migrations, appends refused, and
   * a page cache sized for a stream-order scan.
   */
  readOnly?: boolean;
}

export interface GroupCommitStats {
  /** Transactions that wrote events: each one fsync of the WAL under `synchronous: 'full'`. */
  groups: number;
  /** Appends settled, including failed and idempotent ones. */
  appends: number;
  events: number;
}

export interface SqliteEventStore extends EventStore {
  readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  scanStreams(options?: StreamScanOptions): AsyncIterable<StreamBatch>;
  scanReplicaSource(): ScanReplicaSource | undefined;
  lastPosition(): Promise<bigint>;
  eraseStream(streamId: string): Promise<StreamErasure>;
  /** The connection, for a read model that shares the file in embedded mode; it runs its own migrations on it. */
  readonly database: Database.Database;
  groupCommitStats(): GroupCommitStats;
}

/** The event store's own schema history, recorded in `schema_migrations`. */
export const SQLITE_EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events',
    up: `CREATE TABLE events (
      global_position INTEGER PRIMARY KEY,
      stream_id TEXT NOT NULL,
      stream_revision INTEGER NOT NULL,
      event_id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT,
      recorded_at TEXT NOT NULL,
      UNIQUE (stream_id, stream_revision)
    )`,
  },
  {
    version: 2,
    name: 'store_metadata',
    // Facts about the store itself (see store-metadata.ts), kept out of the log so readers of events never see them.
    up: `CREATE TABLE store_metadata (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    )`,
  },
];

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_MAX_BATCH = 1024;
/**
 * A stream-order scan reaches table pages in no particular order, so SQLite's default 2 MB page cache would re-read
 * most of them from the OS; 64 MB per connection keeps the interior pages and recent leaves without making a
 * two-worker run heavy.
 */
const SCAN_CACHE_KIB = 64 * 1024;
/** The writing connection's page cache: pages are only allocated as they are used, up to this bound. */
const WRITER_CACHE_KIB = 32 * 1024;

/**
 * The port over one SQLite file (better-sqlite3, WAL). Appends go through group commit: those arriving together share
 * one transaction and one fsync, each in its own savepoint so it succeeds or fails alone. Rows are deleted only by
 * `eraseStream`, which never deletes the log's last one, so `global_position` (the rowid) only grows.
 */
export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const db = openDatabase(options);
  const appendGroup = createGroupAppender(db, options.inlineProjection);
  const stats: GroupCommitStats = { groups: 0, appends: 0, events: 0 };
  let closed = false;

  const readPage = prepareLogPage(db);
  const readStreamFrom = db
    .prepare<[string, number], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND stream_revision >= ? ORDER BY stream_revision`,
    )
    .safeIntegers(true);
  // The ids travel as one JSON array, so any number of them binds to one prepared statement.
  const readStreamsOf = db
    .prepare<[string], EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id IN (SELECT value FROM json_each(?))
       ORDER BY stream_id, stream_revision`,
    )
    .safeIntegers(true);
  const streamExists = db.prepare<[string]>('SELECT 1 FROM events WHERE stream_id = ? LIMIT 1').pluck();
  const selectOne = db.prepare('SELECT 1').pluck();
  const hub = new SubscriptionHub(
    db,
    createSubscriptionPageReader(db),
    options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
  );

  const groupCommit = new GroupCommit<AppendRequest, AppendResult>(
    { windowMs: options.groupCommitWindowMs ?? 0, maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH },
    (group) => {
      const { outcomes, written } = translated(() => appendGroup(group));
      stats.appends += group.length;
      if (written > 0) {
        stats.groups += 1;
        stats.events += written;
        hub.committed();
      }
      return outcomes;
    },
  );

  function append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (closed) {
      return Promise.reject(new EventStoreUnavailableError('The SQLite event store is closed'));
    }
    if (options.readOnly === true) {
      return Promise.reject(new TypeError(`This SQLite event store is read-only: no append to ${streamId}`));
    }
    if (events.length === 0) {
      return Promise.reject(new RangeError(`An append to ${streamId} needs at least one event`));
    }
    if (new Set(events.map((event) => event.eventId)).size !== events.length) {
      return Promise.reject(new RangeError(`An append to ${streamId} carries the same event id twice`));
    }
    return groupCommit.submit({ streamId, events, expected });
  }

  function readStream(streamId: string, readOptions: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    try {
      const fromRevision = readOptions.fromRevision ?? 0;
      const rows = translated(() => readStreamFrom.all(streamId, fromRevision));
      // Read from its start, a stream with no rows has none at all: only a later start needs the second look.
      if (rows.length === 0 && (fromRevision <= 0 || translated(() => streamExists.get(streamId)) === undefined)) {
        return Promise.reject(streamNotFound(streamId));
      }
      return Promise.resolve(rows.map(toRecordedEvent));
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  function readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>();
    try {
      const rows = streamIds.length === 0 ? [] : translated(() => readStreamsOf.all(JSON.stringify(streamIds)));
      for (const row of rows) {
        const event = toRecordedEvent(row);
        const stream = streams.get(event.streamId);
        if (stream === undefined) {
          streams.set(event.streamId, [event]);
        } else {
          stream.push(event);
        }
      }
      return Promise.resolve(streams);
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  /** Pages are read whole (`all`, not `iterate`): an open cursor would block every other statement on the connection. */
  function readAll(readOptions: { after?: bigint; pageSize?: number } = {}): AsyncIterable<RecordedEvent> {
    const pageSize = Math.max(1, readOptions.pageSize ?? DEFAULT_PAGE_SIZE);
    return {
      async *[Symbol.asyncIterator]() {
        let cursor = readOptions.after ?? 0n;
        for (;;) {
          const after = cursor;
          const rows = translated(() => readPage.all(after, pageSize));
          yield* rows.map(toRecordedEvent);
          const last = rows.at(-1);
          if (last === undefined || rows.length < pageSize) {
            return;
          }
          cursor = last.position;
          // Reads are synchronous; a long replay lets appends and requests in between its pages.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      },
    };
  }

  /**
   * A file is scanned over a read-only connection of the scan's own, which leaves the store's free for appends and
   * queries while the consumer works between batches.
   */
  function scanStreams(scanOptions?: StreamScanOptions): AsyncIterable<StreamBatch> {
    return {
      async *[Symbol.asyncIterator]() {
        const own = db.memory ? undefined : openScanConnection(db.name);
        try {
          yield* scanSqliteStreams(own ?? db, own !== undefined, scanOptions);
        } catch (error) {
          throw translateSqliteError(error);
        } finally {
          own?.close();
        }
      },
    };
  }

  function scanReplicaSource(): ScanReplicaSource | undefined {
    return db.memory ? undefined : { adapter: 'sqlite', path: db.name };
  }

  function lastPosition(): Promise<bigint> {
    try {
      return Promise.resolve(BigInt(translated(() => lastGlobalPosition(db))));
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  function subscribeAll(
    subscribeOptions: { after?: bigint; filter?: SubscriptionFilter },
    handlers: SubscriptionHandlers,
  ): Subscription {
    return hub.subscribe(subscribeOptions, handlers);
  }

  function ping(): Promise<void> {
    try {
      translated(() => selectOne.get());
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  async function close(): Promise<void> {
    if (closed) {
      return;
    }
    closed = true;
    // Appends already accepted are committed, not dropped: their callers are still waiting for an answer.
    groupCommit.drain();
    await hub.close();
    if (db.open) {
      db.close();
    }
  }

  return {
    database: db,
    append,
    readStream,
    readStreams,
    readAll,
    scanStreams,
    scanReplicaSource,
    lastPosition,
    eraseStream: (streamId) => {
      try {
        return Promise.resolve(translated(() => eraseSqliteStream(db, streamId)));
      } catch (error) {
        return Promise.reject(translateSqliteError(error));
      }
    },
    subscribeAll,
    ping,
    close,
    groupCommitStats: () => ({ ...stats }),
  };
}

/**
 * A missing stream is an everyday answer here (the first command on every new recipient reads one), so its error is
 * built without a stack trace, which would cost more than the read: it says which stream, not where it was asked.
 */
function streamNotFound(streamId: string): StreamNotFoundError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new StreamNotFoundError(streamId);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function openScanConnection(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma(`cache_size = -${SCAN_CACHE_KIB}`);
  return db;
}

function openDatabase(options: SqliteEventStoreOptions): Database.Database {
  let db: Database.Database;
  try {
    if (options.readOnly === true) {
      return openScanConnection(options.path);
    }
    db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (error) {
    // better-sqlite3 checks the directory itself and throws a TypeError, not SQLITE_CANTOPEN.
    throw new EventStoreUnavailableError(`Cannot open the SQLite event store at ${options.path}`, { cause: error });
  }
  try {
    if (!db.memory) {
      const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
      if (mode !== 'wal') {
        throw new Error(`SQLite could not switch ${options.path} to WAL mode (it stays in ${mode})`);
      }
    }
    // After the switch to WAL: this build's default for WAL files is NORMAL, which is not durable on power loss.
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    // Freed space (deleted rows, cells moved by page splits) is zeroed, so an erased stream leaves no stale copy.
    db.pragma('secure_delete = ON');
    // Every append of a group runs in a savepoint, and SQLite keeps the pages a savepoint (or a statement) changes, to
    // undo it, in a temporary file unless told otherwise: a write call per page, a thousand savepoints per group. Kept
    // in memory they cost a copy. They only ever roll back inside the open transaction; durability is the WAL's.
    db.pragma('temp_store = MEMORY');
    // A batch's appends and their read-model rows land on index pages all over the file (keys are hashes and UUIDs);
    // with SQLite's default 2 MB cache most of those pages are read from the OS again at every group.
    db.pragma(`cache_size = -${WRITER_CACHE_KIB}`);
    runMigrations(db, SQLITE_EVENT_STORE_MIGRATIONS);
    return db;
  } catch (error) {
    if (db.open) {
      db.close();
    }
    throw translateSqliteError(error);
  }
}
