import type { Policy } from '@app/domain';
import type { Database, Transaction } from 'better-sqlite3';
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
import { groupByStream } from '../projection-batch';
import { projectRecipientEvents, rowStatusAt } from '../recipient-status.projection';
import type { CheckedStatus } from '../standing-summary';
import { RowCache } from './row-cache';
import { translated, translateSqliteError } from './sqlite-errors';
import { SqliteLists } from './sqlite-lists';
import { SqliteStandingIndex } from './sqlite-standing-index';
import { eraseSqliteRecipientRows } from './sqlite-recipient-erasure';
import type { SqliteStatements } from './sqlite-rows';
import {
  LOOKUP_CHUNK_SIZES,
  prepareStatements,
  toEndingRecord,
  toRestorationRecord,
  toRestorationRow,
  toStatusRecord,
  toStatusRow,
} from './sqlite-rows';
import { migrateSqliteReadModel } from './sqlite-schema';

/** The checkpoint `projectInline` moves; a catch-up or rebuild with `project` under the same name continues it. */
export const RECIPIENT_STATUS_CHECKPOINT = 'recipient-status';

/**
 * About 1 KB of memory per cached row (less for an address known to have none): some 10 MB when full. Bulk checks
 * answer from the standing index, so the cache serves single lookups of the addresses asked about most.
 */
export const DEFAULT_SQLITE_ROW_CACHE_SIZE = 10_000;

export interface SqliteReadModelOptions {
  /**
   * An open connection; the caller owns it (`close` leaves it open). In the embedded deployment this is the event
   * store's own connection, so that `projectInline` writes inside the append's transaction.
   */
  db: Database;
  /** The checkpoint `projectInline` moves; default `recipient-status`. */
  checkpointName?: string;
  /** Rows (and known-absent addresses) kept in memory for lookups; 0 turns the cache off. Default 10,000. */
  cacheSize?: number;
}

export interface SqliteReadModel extends ReadModelStore {
  /**
   * Projects events synchronously on the connection, inside the transaction the caller has open (the event store's
   * inline projection callback), and moves the checkpoint to their last position: the rows commit or roll back with
   * the append. Inside a transaction it opens no savepoint of its own, so a caller that goes on after it throws rolls
   * back to a savepoint of the caller's (the event store runs each append in one). Outside a transaction it commits on
   * its own. Throws the port's errors.
   */
  projectInline(events: readonly ProjectedEvent[]): void;
  checkStatuses(addresses: readonly string[], policy: Policy, now: number): Promise<CheckedStatus[]>;
}

/**
 * The embedded read model, in a SQLite file it may share with the event store (which owns its `events` table). Creating
 * it migrates the read model's tables. One instance per connection: its row cache sees the writes made through it
 * and, through `PRAGMA data_version`, commits by other connections, but not other writers on the same connection.
 */
export function createSqliteReadModel(options: SqliteReadModelOptions): SqliteReadModel {
  return translated(() => new SqliteReadModelStore(options));
}

class SqliteReadModelStore implements SqliteReadModel {
  private readonly db: Database;
  private readonly checkpointName: string;
  private readonly statements: SqliteStatements;
  private readonly lists: SqliteLists;
  private readonly cache: RowCache;
  private readonly standings: SqliteStandingIndex;
  private readonly applyInline: Transaction<(events: readonly ProjectedEvent[]) => void>;
  private readonly applyBatch: Transaction<(events: readonly ProjectedEvent[], name: string, position: bigint) => void>;
  private readonly resetAll: Transaction<() => void>;
  private readonly recordDeadLetter: Transaction<(letter: DeadLetter, name: string, position: bigint) => void>;
  private seenDataVersion: number;
  private closed = false;

  constructor(options: SqliteReadModelOptions) {
    this.db = options.db;
    this.checkpointName = options.checkpointName ?? RECIPIENT_STATUS_CHECKPOINT;
    this.cache = new RowCache(options.cacheSize ?? DEFAULT_SQLITE_ROW_CACHE_SIZE);
    migrateSqliteReadModel(this.db);
    this.statements = prepareStatements(this.db);
    this.lists = new SqliteLists(this.db);
    this.seenDataVersion = this.statements.dataVersion.get() ?? 0;
    this.standings = new SqliteStandingIndex(this.db);
    this.applyInline = this.db.transaction((events: readonly ProjectedEvent[]) => this.applyAndAdvance(events));
    this.applyBatch = this.db.transaction((events: readonly ProjectedEvent[], name: string, position: bigint) => {
      this.apply(events);
      this.statements.advanceCheckpoint.run(name, position);
    });
    this.resetAll = this.db.transaction(() => {
      this.statements.deleteStatuses.run();
      this.statements.deleteRestorations.run();
      this.statements.deleteCheckpoints.run();
      this.statements.deleteDeadLetters.run();
    });
    this.recordDeadLetter = this.db.transaction((letter: DeadLetter, name: string, position: bigint) => {
      const stored = storableDeadLetter(letter);
      this.statements.insertDeadLetter.run(
        name,
        stored.position,
        stored.streamId,
        stored.type,
        stored.error,
        new Date().toISOString(),
      );
      this.statements.advanceCheckpoint.run(name, position);
    });
  }

  projectInline(events: readonly ProjectedEvent[]): void {
    this.assertOpen();
    // In the caller's transaction the append's savepoint already holds the rows (a second one would cost two more
    // statements per append); alone, a transaction that takes the write lock at once.
    translated(() => (this.db.inTransaction ? this.applyAndAdvance(events) : this.applyInline.immediate(events)));
  }

  project(events: readonly ProjectedEvent[], checkpoint: { name: string; position: bigint }): Promise<void> {
    return this.run(() => this.applyBatch.immediate(events, checkpoint.name, checkpoint.position));
  }

  getRecipient(address: string): Promise<RecipientStatusRow | null> {
    return this.run(() => {
      if (this.db.inTransaction) {
        return this.readRow(address);
      }
      // Only a hit needs to know whether another connection has committed since: a row read now is fresh anyway, and
      // a stale cache is still emptied before any hit is answered from it. Most checks miss and skip the pragma.
      if (this.cache.get(address) !== undefined) {
        const cached = this.freshCache()?.get(address);
        if (cached !== undefined) {
          return cached;
        }
      }
      const row = this.readRow(address);
      this.cache.set(address, row);
      return row;
    });
  }

  getRecipients(addresses: readonly string[]): Promise<Map<string, RecipientStatusRow>> {
    return this.run(() => this.rowsOf(addresses));
  }

  checkStatuses(addresses: readonly string[], policy: Policy, now: number): Promise<CheckedStatus[]> {
    return this.run(() => {
      const indexed = this.standings.statuses(addresses, policy, now);
      if (indexed !== undefined) {
        return indexed;
      }
      const rows = this.rowsOf(addresses);
      return addresses.map((address) => {
        const { status, suppressed } = rowStatusAt(rows.get(address) ?? null, policy, now);
        return { status, suppressed };
      });
    });
  }

  listSuppressions(filter: SuppressionListFilter): Promise<Page<RecipientStatusRow>> {
    return this.run(() => this.lists.suppressions(filter));
  }

  getRestoration(restorationId: string): Promise<RestorationRow | null> {
    return this.run(() => {
      const record = this.statements.restorationById.get(restorationId);
      return record === undefined ? null : toRestorationRow(record);
    });
  }

  listRestorations(filter: RestorationFilter): Promise<Page<RestorationRow>> {
    return this.run(() => this.lists.restorations(filter));
  }

  checkpoint(name: string): Promise<bigint | undefined> {
    return this.run(() => this.statements.checkpoint.get(name));
  }

  deadLetter(letter: DeadLetter, checkpoint: { name: string; position: bigint }): Promise<void> {
    return this.run(() => this.recordDeadLetter.immediate(letter, checkpoint.name, checkpoint.position));
  }

  deadLetters(name: string, limit: number): Promise<DeadLetterSummary> {
    return this.run(() => ({
      total: this.statements.countDeadLetters.get(name) ?? 0,
      first: this.statements.firstDeadLetters.all(name, limit).map((record) => ({
        position: record.position,
        streamId: record.stream_id,
        type: record.event_type,
        error: record.error,
      })),
    }));
  }

  eraseRecipient(streamId: string): Promise<void> {
    return this.run(() => {
      const address = eraseSqliteRecipientRows(this.db, streamId);
      if (address !== undefined) {
        this.cache.delete(address);
        this.standings.touched(address);
      }
    });
  }

  reset(): Promise<void> {
    return this.run(() => {
      this.cache.clear();
      this.resetAll.immediate();
      this.standings.reset();
    });
  }

  ping(): Promise<void> {
    return this.run(() => {
      this.statements.ping.get();
    });
  }

  close(): Promise<void> {
    this.closed = true;
    this.cache.clear();
    this.standings.close();
    return Promise.resolve();
  }

  private applyAndAdvance(events: readonly ProjectedEvent[]): void {
    this.apply(events);
    // Events come in log order: the last one's position is where the log has been projected to.
    const last = events[events.length - 1];
    if (last !== undefined) {
      this.statements.advanceCheckpoint.run(this.checkpointName, last.position);
    }
  }

  /** Folds each stream's new events onto its row; runs inside the caller's transaction or savepoint. */
  private apply(events: readonly ProjectedEvent[]): void {
    for (const [streamId, streamEvents] of groupByStream(events)) {
      const record = this.statements.statusByStream.get(streamId);
      const current = record === undefined ? null : toStatusRow(record);
      const output = projectRecipientEvents(current, streamEvents);
      if (output === null) {
        continue;
      }
      // Dropped before the write: if the transaction rolls back, the next read loads the row as it stayed.
      this.cache.delete(output.row.address);
      this.standings.touched(output.row.address);
      const statement = current === null ? this.statements.insertStatus : this.statements.updateStatus;
      statement.run(toStatusRecord(output.row));
      for (const change of output.restorations) {
        if (change.kind === 'opened') {
          this.statements.upsertRestoration.run(toRestorationRecord(change.row));
        } else {
          this.statements.endRestoration.run(toEndingRecord(change));
        }
      }
    }
  }

  /** One address's row, read from the file. */
  private readRow(address: string): RecipientStatusRow | null {
    const record = this.statements.statusByAddress.get(address);
    return record === undefined ? null : toStatusRow(record);
  }

  /** Rows for the addresses, from the cache where it holds them, read in chunks otherwise. */
  private rowsOf(addresses: readonly string[]): Map<string, RecipientStatusRow> {
    const found = new Map<string, RecipientStatusRow>();
    const cache = this.freshCache();
    const missing = new Set<string>();
    for (const address of addresses) {
      const cached = cache?.get(address);
      if (cached === undefined) {
        missing.add(address);
      } else if (cached !== null) {
        found.set(address, cached);
      }
    }
    this.load([...missing], found);
    if (cache !== undefined) {
      for (const address of missing) {
        cache.set(address, found.get(address) ?? null);
      }
    }
    return found;
  }

  /** Looks addresses up in chunks of fixed size, so a handful of prepared statements serves any number. */
  private load(addresses: readonly string[], into: Map<string, RecipientStatusRow>): void {
    const [large, small] = LOOKUP_CHUNK_SIZES;
    for (let start = 0; start < addresses.length;) {
      const size = addresses.length - start > small ? large : small;
      const chunk: (string | null)[] = addresses.slice(start, start + size);
      start += chunk.length;
      while (chunk.length < size) {
        chunk.push(null);
      }
      for (const record of this.statements.statusByAddresses.get(size)?.all(...chunk) ?? []) {
        into.set(record.address, toStatusRow(record));
      }
    }
  }

  /**
   * The cache, emptied first when another connection committed to the file since the last look. Inside an open
   * transaction there is none: what a read sees there may still roll back.
   */
  private freshCache(): RowCache | undefined {
    if (this.db.inTransaction) {
      return undefined;
    }
    const version = this.statements.dataVersion.get() ?? 0;
    if (version !== this.seenDataVersion) {
      this.cache.clear();
      this.seenDataVersion = version;
    }
    return this.cache;
  }

  private run<T>(call: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(call());
    } catch (error) {
      return Promise.reject(translateSqliteError(error));
    }
  }

  private assertOpen(): void {
    if (this.closed) {
      throw new ReadModelUnavailableError('The SQLite read model is closed');
    }
  }
}
