import type { Database, Statement } from 'better-sqlite3';
import type { SubscriptionFilter } from '../event-store';
import type { EventRow } from './sqlite-rows';
import { EVENT_COLUMNS, prepareLogPage } from './sqlite-rows';

/** Up to `limit` positions of the log after a subscription's cursor, and the events among them its filter wants. */
export interface SubscriptionPage {
  /** The wanted events, in log order. */
  rows: EventRow[];
  /** Positions the page spans, wanted or not: fewer than asked means it reached the end of the log. */
  spanned: number;
  /** The page's last position, wanted or not; undefined when nothing follows the cursor. */
  last: bigint | undefined;
}

export type SubscriptionPageReader = (after: bigint, limit: number, filter?: SubscriptionFilter) => SubscriptionPage;

interface Span {
  spanned: bigint;
  last: bigint | null;
}

/**
 * Reads subscription pages, filtering in SQL: a filtered subscription (the policy follower's, which wants a handful
 * of adoptions) would otherwise turn every event of the log into a row object, data and metadata included, only to
 * drop it. The page spans the same positions either way, so a filter changes neither where a page ends nor the
 * checkpoints it reports. A stream prefix compares the stream id's first characters, as `startsWith` does.
 */
export function createSubscriptionPageReader(db: Database): SubscriptionPageReader {
  const everything = prepareLogPage(db);
  const span = db
    .prepare<[bigint, number], Span>(
      `SELECT count(*) AS spanned, max(global_position) AS last FROM (
         SELECT global_position FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?)`,
    )
    .safeIntegers(true);
  // One statement per filter shape (how many prefixes, how many types); the values are bound.
  const wantedByShape = new Map<string, Statement<unknown[], EventRow>>();

  function wantedIn(prefixes: number, types: number): Statement<unknown[], EventRow> {
    const shape = `${prefixes}:${types}`;
    let statement = wantedByShape.get(shape);
    if (statement === undefined) {
      const conditions = ['global_position > ?', 'global_position <= ?'];
      if (prefixes > 0) {
        conditions.push(`(${new Array(prefixes).fill('substr(stream_id, 1, length(?)) = ?').join(' OR ')})`);
      }
      if (types > 0) {
        conditions.push(`type IN (${new Array(types).fill('?').join(', ')})`);
      }
      statement = db
        .prepare<unknown[], EventRow>(
          `SELECT ${EVENT_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY global_position`,
        )
        .safeIntegers(true);
      wantedByShape.set(shape, statement);
    }
    return statement;
  }

  return (after, limit, filter) => {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    if (prefixes.length === 0 && types.length === 0) {
      const rows = everything.all(after, limit);
      return { rows, spanned: rows.length, last: rows.at(-1)?.position };
    }
    const { spanned, last } = span.get(after, limit) as Span;
    if (last === null) {
      return { rows: [], spanned: 0, last: undefined };
    }
    // Bounded by the span's last position: a commit by another process in between belongs to the next page.
    const rows = wantedIn(prefixes.length, types.length).all(
      after,
      last,
      ...prefixes.flatMap((prefix) => [prefix, prefix]),
      ...types,
    );
    return { rows, spanned: Number(spanned), last };
  };
}
