import type { Policy, RecipientState } from '@app/domain';
import type { Database } from 'better-sqlite3';
import { StandingIndex } from '../standing-index';
import type { CheckedStatus } from '../standing-summary';
import { summariseStanding } from '../standing-summary';

/** Rows read per step of a build: a step holds the event loop for milliseconds, never for the whole table. */
const BUILD_STEP_ROWS = 20_000;
/** Pages a build's scan may keep cached: it reads each page once, so only the current few are worth keeping. */
const SCAN_CACHE_PAGES = 64;

/**
 * The `StandingIndex` of a SQLite read model, kept in step with the table without ever holding what may roll back.
 * It is built from the table in steps when the first check asks (a start reads no table: a million rows take
 * seconds to scan), and checks read rows meanwhile. A row written through the read model only
 * marks its address dirty; the index re-reads dirty addresses once no transaction is open, so it learns what
 * committed and nothing that rolled back. A commit by another connection (`PRAGMA data_version`) rebuilds it.
 */
export class SqliteStandingIndex {
  private index = new StandingIndex();
  private readonly dirty = new Set<string>();
  private ready = false;
  private building = false;
  /** Moves on at every build and reset, so the steps of an abandoned build stop. */
  private generation = 0;
  private builtAtDataVersion = 0;
  private flushScheduled = false;
  private closed = false;
  private readonly statements;

  constructor(private readonly db: Database) {
    this.statements = {
      // Only rows that may answer anything but "deliverable": not clear, or with a soft-bounce run. The state is
      // written by JSON.stringify, so an empty run is exactly `"run":[]` (a string value would escape its quotes).
      flagged: db.prepare<[number, number], { address: string; state: string }>(
        `SELECT address, state FROM recipient_status WHERE rowid > ? AND rowid <= ?
         AND (standing <> 'clear' OR instr(state, '"run":[]') = 0)`,
      ),
      lastRowid: db.prepare<[], number | null>('SELECT max(rowid) FROM recipient_status').pluck(),
      stateByAddress: db
        .prepare<[string], string>('SELECT state FROM recipient_status WHERE address = ? LIMIT 1')
        .pluck(),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      cacheSize: db.prepare<[], number>('PRAGMA cache_size').pluck(),
    };
  }

  /** The row of this address was written in a transaction that may still roll back. */
  touched(address: string): void {
    if (!this.ready && !this.building) {
      // No index yet: the first check builds it from the table as it then stands.
      return;
    }
    this.dirty.add(address);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      later(() => {
        this.flushScheduled = false;
        if (this.ready && !this.closed && !this.db.inTransaction) {
          try {
            this.flush();
          } catch {
            // The connection closed under it (a shutdown): the next check rebuilds rather than trust the index.
            this.ready = false;
          }
        }
      });
    }
  }

  /**
   * The answers for normalised addresses, in order; undefined when the index cannot give them now (still building,
   * inside a transaction, or stale after another connection's commit, which starts a rebuild): read the rows instead.
   */
  statuses(addresses: readonly string[], policy: Policy, now: number): CheckedStatus[] | undefined {
    if (this.db.inTransaction) {
      return undefined;
    }
    if (this.ready && this.statements.dataVersion.get() !== this.builtAtDataVersion) {
      this.build();
    }
    if (!this.ready) {
      if (!this.building) {
        this.build();
      }
      return undefined;
    }
    this.flush();
    return this.index.statuses(addresses, policy, now);
  }

  /** The table was emptied, in a transaction that committed. */
  reset(): void {
    this.generation++;
    this.index = new StandingIndex();
    this.dirty.clear();
    this.building = false;
    this.ready = true;
    this.builtAtDataVersion = this.statements.dataVersion.get() ?? 0;
  }

  close(): void {
    this.closed = true;
    this.generation++;
    this.index = new StandingIndex();
    this.dirty.clear();
  }

  private build(): void {
    const generation = ++this.generation;
    this.index = new StandingIndex();
    this.dirty.clear();
    this.ready = false;
    this.building = true;
    let after = 0;
    let last = 0;
    const step = (): void => {
      if (this.closed || generation !== this.generation) {
        return;
      }
      if (this.db.inTransaction) {
        later(step);
        return;
      }
      try {
        if (after === 0) {
          // Anything another connection commits from here on moves the data version: the next check rebuilds.
          this.builtAtDataVersion = this.statements.dataVersion.get() ?? 0;
          last = this.statements.lastRowid.get() ?? 0;
        }
        this.scanned(() => {
          for (const { address, state } of this.statements.flagged.iterate(after, after + BUILD_STEP_ROWS)) {
            this.index.set(address, summariseStanding(JSON.parse(state) as RecipientState));
          }
        });
      } catch {
        // The connection closed under the build (a shutdown) or the file is unreadable: checks keep reading rows.
        this.building = false;
        return;
      }
      after += BUILD_STEP_ROWS;
      if (after < last) {
        later(step);
      } else {
        this.building = false;
        this.ready = true;
      }
    };
    later(step);
  }

  /**
   * A step of a build, read through a page cache of SCAN_CACHE_PAGES: the build reads every page of the table once,
   * and in the connection's own cache (sized for its writes) they would take its whole size for good and push out
   * the pages its writes use. The connection's size is restored after, so its writes fill the cache again as before.
   */
  private scanned(read: () => void): void {
    const cacheSize = this.statements.cacheSize.get() ?? 0;
    this.db.pragma(`cache_size = ${SCAN_CACHE_PAGES}`);
    try {
      read();
    } finally {
      this.db.pragma(`cache_size = ${cacheSize}`);
    }
  }

  /** Re-reads the dirty addresses: outside a transaction, the table holds what committed. */
  private flush(): void {
    for (const address of this.dirty) {
      const state = this.statements.stateByAddress.get(address);
      if (state !== undefined) {
        this.index.set(address, summariseStanding(JSON.parse(state) as RecipientState));
      }
    }
    this.dirty.clear();
  }
}

/** Soon, on a timer that does not keep the process alive (a command-line run ends without waiting for a build). */
function later(work: () => void): void {
  setTimeout(work, 0).unref();
}
