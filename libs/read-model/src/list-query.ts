import { InvalidQueryError } from './read-model-store';

/**
 * Keyset pagination shared by the adapters: a page ends at a (time, id) key and the next starts strictly after it,
 * so rows inserted or removed between pages never shift the others into duplicates or gaps.
 */
export interface ListKey {
  /** Canonical ISO-8601 time. */
  at: string;
  id: string;
}

/** Which list a cursor belongs to: a cursor of one list is refused by the other. */
export type ListName = 'suppressions' | 'restorations';

const CURSOR_TAGS: Record<ListName, string> = { suppressions: 's1', restorations: 'r1' };

export function encodeCursor(list: ListName, key: ListKey): string {
  return Buffer.from(JSON.stringify([CURSOR_TAGS[list], key.at, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(list: ListName, cursor: string): ListKey {
  const invalid = new InvalidQueryError('cursor', 'cursor is not one this list issued; start again without it');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== CURSOR_TAGS[list]) {
    throw invalid;
  }
  const [, at, id] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) {
    throw invalid;
  }
  return { at: new Date(at).toISOString(), id };
}

/** Times are compared in the database, so every one given to a query is brought to one canonical form first. */
export function canonicalTime(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InvalidQueryError(field, `${field} must be an ISO-8601 date-time`);
  }
  return new Date(ms).toISOString();
}

/** A `[since, until)` window in canonical form; either end may be open. */
export function timeWindow(since: string | undefined, until: string | undefined): { since?: string; until?: string } {
  const window = {
    ...(since === undefined ? {} : { since: canonicalTime(since, 'since') }),
    ...(until === undefined ? {} : { until: canonicalTime(until, 'until') }),
  };
  if (window.since !== undefined && window.until !== undefined && window.until < window.since) {
    throw new InvalidQueryError('until', 'until must not be before since');
  }
  return window;
}

/**
 * The key range of the addresses that start with `prefix`, for an index to serve: every such address sorts at or
 * after the prefix and before the prefix followed by the highest code point (both stores compare bytes of UTF-8).
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  return { from: prefix, to: `${prefix}\u{10FFFF}` };
}

/** Addresses at a domain end with `@domain`: the domain follows the last @. */
export function domainSuffix(domain: string): string {
  return `@${domain}`;
}

export function checkedLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidQueryError('limit', 'limit must be a whole number of at least 1');
  }
  return limit;
}

/** Queries fetch one row past the page: its presence, not a second query, says whether a next page exists. */
export function pageOf<Row, Item>(
  list: ListName,
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (item: Item) => ListKey,
): { items: Item[]; nextCursor: string | null } {
  const items = rows.slice(0, limit).map(toItem);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(list, keyOf(last)) : null };
}
