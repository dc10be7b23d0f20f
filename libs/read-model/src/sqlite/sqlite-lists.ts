import type { Database, Statement } from 'better-sqlite3';
import type {
  Page,
  RecipientStatusRow,
  RestorationFilter,
  RestorationRow,
  SuppressionListFilter,
} from '../read-model-store';
import { canonicalTime, checkedLimit, decodeCursor, pageOf } from '../list-query';
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
    const params: Params = { now: Date.parse(canonicalTime(filter.now, 'now')), limit: limit + 1 };
    if (filter.status !== undefined) {
      where.push('standing = @status');
      params.status = filter.status;
    }
    if (filter.cause !== undefined) {
      where.push('cause = @cause');
      params.cause = filter.cause;
    }
    if (filter.reason !== undefined) {
      where.push('reason = @reason');
      params.reason = filter.reason;
    }
    if (filter.since !== undefined) {
      where.push('since >= @since');
      params.since = Date.parse(canonicalTime(filter.since, 'since'));
    }
    if (filter.cursor !== undefined) {
      const after = decodeCursor('suppressions', filter.cursor);
      where.push('(since, stream_id) > (@afterAt, @afterId)');
      params.afterAt = Date.parse(after.at);
      params.afterId = after.id;
    }
    const sql = `SELECT ${STATUS_COLUMNS} FROM recipient_status WHERE ${where.join(' AND ')}
                 ORDER BY since, stream_id LIMIT @limit`;
    const records = this.statement(sql).all(params) as StatusRecord[];
    return pageOf('suppressions', records, limit, toStatusRow, (row) => ({ at: row.since ?? '', id: row.streamId }));
  }

  restorations(filter: RestorationFilter): Page<RestorationRow> {
    const limit = checkedLimit(filter.limit);
    const where = ['1 = 1'];
    const params: Params = { limit: limit + 1 };
    if (filter.address !== undefined) {
      where.push('address = @address');
      params.address = filter.address;
    }
    if (filter.state !== undefined) {
      where.push('state = @state');
      params.state = filter.state;
    }
    if (filter.cursor !== undefined) {
      const after = decodeCursor('restorations', filter.cursor);
      where.push('(restored_at, restoration_id) > (@afterAt, @afterId)');
      params.afterAt = Date.parse(after.at);
      params.afterId = after.id;
    }
    const sql = `SELECT ${RESTORATION_COLUMNS} FROM restorations WHERE ${where.join(' AND ')}
                 ORDER BY restored_at, restoration_id LIMIT @limit`;
    const records = this.statement(sql).all(params) as RestorationRecord[];
    return pageOf('restorations', records, limit, toRestorationRow, (row) => ({
      at: row.restoredAt,
      id: row.restorationId,
    }));
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
