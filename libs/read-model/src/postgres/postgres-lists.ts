import type { Pool } from 'pg';
import type {
  Page,
  RecipientStatusRow,
  RestorationFilter,
  RestorationRow,
  SuppressionListFilter,
} from '../read-model-store';
import {
  canonicalTime,
  checkedLimit,
  decodeCursor,
  domainSuffix,
  pageOf,
  prefixRange,
  timeWindow,
} from '../list-query';
import type { RestorationRecord, StatusRecord } from './postgres-rows';
import { RESTORATION_COLUMNS, STATUS_COLUMNS, toRestorationRow, toStatusRow } from './postgres-rows';

/**
 * The two paginated lists, with the same order and cursors as the SQLite adapter. Each combination of filters is its
 * own named statement, prepared once per connection, so the planner picks the index that fits it.
 */
export class PostgresLists {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  async suppressions(filter: SuppressionListFilter): Promise<Page<RecipientStatusRow>> {
    const limit = checkedLimit(filter.limit);
    const query = new Query([canonicalTime(filter.now, 'now')]);
    // Quarantines that ended are not listed: they fade at `quarantine_until` without an event.
    query.where(`standing <> 'clear'`, `(standing = 'suppressed' OR quarantine_until > $1::timestamptz)`);
    query.whereIf('s', filter.status, (p) => `standing = ${p}`);
    query.whereIf('c', filter.cause, (p) => `cause = ${p}`);
    query.whereIf('r', filter.reason, (p) => `reason = ${p}`);
    const { since, until } = timeWindow(filter.since, filter.until);
    query.whereIf('t', since, (p) => `since >= ${p}::timestamptz`);
    query.whereIf('u', until, (p) => `since < ${p}::timestamptz`);
    const prefix = filter.addressPrefix === undefined ? undefined : prefixRange(filter.addressPrefix);
    query.whereIf('p', prefix, (p, q) => `address >= ${p} AND address < ${q}`, prefix && [prefix.from, prefix.to]);
    const suffix = filter.domain === undefined ? undefined : domainSuffix(filter.domain);
    query.whereIf('d', suffix, (p) => `right(address, length(${p}::text)) = ${p}::text`);
    const from = `${this.schema}.recipient_status`;
    const total = filter.total === true ? await query.count(this.pool, 'rm_suppressions_count', from) : undefined;
    const after = filter.cursor === undefined ? undefined : decodeCursor('suppressions', filter.cursor);
    query.whereIf(
      'k',
      after,
      (p, q) => `(since, stream_id) > (${p}::timestamptz, ${q})`,
      after && [after.at, after.id],
    );
    const records = await query.run<StatusRecord>(
      this.pool,
      'rm_suppressions',
      `SELECT ${STATUS_COLUMNS} FROM ${from}`,
      'ORDER BY since, stream_id',
      limit + 1,
    );
    const page = pageOf('suppressions', records, limit, toStatusRow, (row) => ({
      at: row.since ?? '',
      id: row.streamId,
    }));
    return total === undefined ? page : { ...page, total };
  }

  async restorations(filter: RestorationFilter): Promise<Page<RestorationRow>> {
    const limit = checkedLimit(filter.limit);
    const query = new Query([]);
    query.whereIf('a', filter.address, (p) => `address = ${p}`);
    const prefix = filter.addressPrefix === undefined ? undefined : prefixRange(filter.addressPrefix);
    query.whereIf('p', prefix, (p, q) => `address >= ${p} AND address < ${q}`, prefix && [prefix.from, prefix.to]);
    const suffix = filter.domain === undefined ? undefined : domainSuffix(filter.domain);
    query.whereIf('d', suffix, (p) => `right(address, length(${p}::text)) = ${p}::text`);
    query.whereIf('s', filter.state, (p) => `state = ${p}`);
    const { since, until } = timeWindow(filter.since, filter.until);
    query.whereIf('t', since, (p) => `restored_at >= ${p}::timestamptz`);
    query.whereIf('u', until, (p) => `restored_at < ${p}::timestamptz`);
    const from = `${this.schema}.restorations`;
    const total = filter.total === true ? await query.count(this.pool, 'rm_restorations_count', from) : undefined;
    const after = filter.cursor === undefined ? undefined : decodeCursor('restorations', filter.cursor);
    query.whereIf(
      'k',
      after,
      (p, q) => `(restored_at, restoration_id) > (${p}::timestamptz, ${q})`,
      after && [after.at, after.id],
    );
    const records = await query.run<RestorationRecord>(
      this.pool,
      'rm_restorations',
      `SELECT ${RESTORATION_COLUMNS} FROM ${from}`,
      'ORDER BY restored_at, restoration_id',
      limit + 1,
    );
    const page = pageOf('restorations', records, limit, toRestorationRow, (row) => ({
      at: row.restoredAt,
      id: row.restorationId,
    }));
    return total === undefined ? page : { ...page, total };
  }
}

/** Collects the conditions of one list query; `shape` names the combination, and so its prepared statement. */
class Query {
  private readonly conditions: string[] = [];
  private shape = '';

  constructor(private readonly values: unknown[]) {}

  where(...conditions: string[]): void {
    this.conditions.push(...conditions);
  }

  whereIf<T>(
    tag: string,
    value: T | undefined,
    condition: (placeholder: string, second: string) => string,
    values: unknown[] = [value],
  ): void {
    if (value === undefined) {
      return;
    }
    const first = this.values.length + 1;
    this.values.push(...values);
    this.conditions.push(condition(`$${first}`, `$${first + 1}`));
    this.shape += tag;
  }

  /** How many rows the conditions so far match: the total over all pages, before a cursor is added. */
  async count(pool: Pool, name: string, from: string): Promise<number> {
    const text = `SELECT count(*)::bigint AS total FROM ${from} ${this.whereClause()}`;
    const result = await pool.query<{ total: string }>({ name: `${name}_${this.shape}`, text, values: this.values });
    return Number(result.rows[0]?.total ?? 0);
  }

  private whereClause(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }

  async run<Row extends object>(
    pool: Pool,
    name: string,
    select: string,
    order: string,
    limit: number,
  ): Promise<Row[]> {
    const text = `${select} ${this.whereClause()} ${order} LIMIT $${this.values.length + 1}`;
    const result = await pool.query<Row>({ name: `${name}_${this.shape}`, text, values: [...this.values, limit] });
    return result.rows;
  }
}
