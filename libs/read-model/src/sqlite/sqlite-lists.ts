import type { Database, Statement } from 'better-sqlite3';
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
import type { RestorationRecord, StatusRecord } from './sqlite-rows';
import { RESTORATION_COLUMNS, STATUS_COLUMNS, toRestorationRow, toStatusRow } from './sqlite-rows';

type Params = Record<string, string | number>;

/**
 * The two paginated lists. Each combination of filters is its own statement, so SQLite can pick the index that fits
 * it; a combination is prepared the first time it is asked for and reused after.
 */
export class SqliteLists {
  private readonly statements = new Map<string, Statement<[Params], unknown>>();

  constructor(private readonly db: Database) {}

  suppressions(filter: SuppressionListFilter): Page<RecipientStatusRow> {
    const limit = checkedLimit(filter.limit);
    // Quarantines that ended are not listed: they fade at `quarantine_until` without an event.
    const where = [`standing <> 'clear'`, `(standing = 'suppressed' OR quarantine_until > @now)`];
    const params: Params = { now: Date.parse(canonicalTime(filter.now, 'now')) };
    const filterBy = (condition: string, name: string, value: string | number | undefined): void => {
      if (value !== undefined) {
        where.push(condition);
        params[name] = value;
      }
    };
    filterBy('standing = @status', 'status', filter.status);
    filterBy('cause = @cause', 'cause', filter.cause);
    filterBy('reason = @reason', 'reason', filter.reason);
    const { since, until } = timeWindow(filter.since, filter.until);
    filterBy('since >= @since', 'since', since === undefined ? undefined : Date.parse(since));
    filterBy('since < @until', 'until', until === undefined ? undefined : Date.parse(until));
    if (filter.addressPrefix !== undefined) {
      const { from, to } = prefixRange(filter.addressPrefix);
      filterBy('address >= @prefixFrom', 'prefixFrom', from);
      filterBy('address < @prefixTo', 'prefixTo', to);
    }
    const suffix = filter.domain === undefined ? undefined : domainSuffix(filter.domain);
    filterBy('substr(address, -length(@domain)) = @domain', 'domain', suffix);
    const total = filter.total === true ? this.count('recipient_status', where, params) : undefined;
    if (filter.cursor !== undefined) {
      const after = decodeCursor('suppressions', filter.cursor);
      where.push('(since, stream_id) > (@afterAt, @afterId)');
      params.afterAt = Date.parse(after.at);
      params.afterId = after.id;
    }
    const sql = `SELECT ${STATUS_COLUMNS} FROM recipient_status WHERE ${where.join(' AND ')}
                 ORDER BY since, stream_id LIMIT @limit`;
    const records = this.statement(sql).all({ ...params, limit: limit + 1 }) as StatusRecord[];
    const page = pageOf('suppressions', records, limit, toStatusRow, (row) => ({
      at: row.since ?? '',
      id: row.streamId,
    }));
    return total === undefined ? page : { ...page, total };
  }

  restorations(filter: RestorationFilter): Page<RestorationRow> {
    const limit = checkedLimit(filter.limit);
    const where = ['1 = 1'];
    const params: Params = {};
    const filterBy = (condition: string, name: string, value: string | number | undefined): void => {
      if (value !== undefined) {
        where.push(condition);
        params[name] = value;
      }
    };
    filterBy('address = @address', 'address', filter.address);
    if (filter.addressPrefix !== undefined) {
      const { from, to } = prefixRange(filter.addressPrefix);
      filterBy('address >= @prefixFrom', 'prefixFrom', from);
      filterBy('address < @prefixTo', 'prefixTo', to);
    }
    const suffix = filter.domain === undefined ? undefined : domainSuffix(filter.domain);
    filterBy('substr(address, -length(@domain)) = @domain', 'domain', suffix);
    filterBy('state = @state', 'state', filter.state);
    const { since, until } = timeWindow(filter.since, filter.until);
    filterBy('restored_at >= @since', 'since', since === undefined ? undefined : Date.parse(since));
    filterBy('restored_at < @until', 'until', until === undefined ? undefined : Date.parse(until));
    const total = filter.total === true ? this.count('restorations', where, params) : undefined;
    if (filter.cursor !== undefined) {
      const after = decodeCursor('restorations', filter.cursor);
      where.push('(restored_at, restoration_id) > (@afterAt, @afterId)');
      params.afterAt = Date.parse(after.at);
      params.afterId = after.id;
    }
    const sql = `SELECT ${RESTORATION_COLUMNS} FROM restorations WHERE ${where.join(' AND ')}
                 ORDER BY restored_at, restoration_id LIMIT @limit`;
    const records = this.statement(sql).all({ ...params, limit: limit + 1 }) as RestorationRecord[];
    const page = pageOf('restorations', records, limit, toRestorationRow, (row) => ({
      at: row.restoredAt,
      id: row.restorationId,
    }));
    return total === undefined ? page : { ...page, total };
  }

  /** How many rows the conditions match, the cursor aside: the total over all pages. */
  private count(table: string, where: readonly string[], params: Params): number {
    const sql = `SELECT count(*) AS total FROM ${table} WHERE ${where.join(' AND ')}`;
    return (this.statement(sql).get(params) as { total: number }).total;
  }

  private statement(sql: string): Statement<[Params], unknown> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<[Params], unknown>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
