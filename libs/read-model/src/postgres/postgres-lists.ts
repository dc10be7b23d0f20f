import type { Pool } from 'pg';
import type {
  Page,
  RecipientStatusRow,
  RestorationFilter,
  RestorationRow,
  SuppressionListFilter,
} from '../read-model-store';
import { canonicalTime, checkedLimit, decodeCursor, pageOf } from '../list-query';
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
    const since = filter.since === undefined ? undefined : canonicalTime(filter.since, 'since');
    query.whereIf('t', since, (p) => `since >= ${p}::timestamptz`);
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
      `SELECT ${STATUS_COLUMNS} FROM ${this.schema}.recipient_status`,
      'ORDER BY since, stream_id',
      limit + 1,
    );
    return pageOf('suppressions', records, limit, toStatusRow, (row) => ({ at: row.since ?? '', id: row.streamId }));
  }

  async restorations(filter: RestorationFilter): Promise<Page<RestorationRow>> {
    const limit = checkedLimit(filter.limit);
    const query = new Query([]);
    query.whereIf('a', filter.address, (p) => `address = ${p}`);
    query.whereIf('s', filter.state, (p) => `state = ${p}`);
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
      `SELECT ${RESTORATION_COLUMNS} FROM ${this.schema}.restorations`,
      'ORDER BY restored_at, restoration_id',
      limit + 1,
    );
    return pageOf('restorations', records, limit, toRestorationRow, (row) => ({
      at: row.restoredAt,
      id: row.restorationId,
    }));
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

  async run<Row extends object>(
    pool: Pool,
    name: string,
    select: string,
    order: string,
    limit: number,
  ): Promise<Row[]> {
    const where = this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
    const text = `${select} ${where} ${order} LIMIT $${this.values.length + 1}`;
    const result = await pool.query<Row>({ name: `${name}_${this.shape}`, text, values: [...this.values, limit] });
    return result.rows;
  }
}
