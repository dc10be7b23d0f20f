import { Type } from 'class-transformer';
import { WholeNumber } from '../http/field-decorators';
import type { HistoryEntry, RecipientHistoryResponse } from './recipient.responses';

/** Enough for nearly every recipient's whole history in one answer, as before histories were paged. */
export const DEFAULT_HISTORY_PAGE = 500;

export class HistoryParams {
  @Type(() => Number)
  @WholeNumber(1, 1000, { optional: true, description: `Events per page (default ${DEFAULT_HISTORY_PAGE})` })
  limit?: number;

  @Type(() => Number)
  @WholeNumber(0, Number.MAX_SAFE_INTEGER, {
    optional: true,
    description: 'Only events after this revision: the `nextAfter` of the previous page',
  })
  after?: number;
}

export interface RecipientHistoryPage extends RecipientHistoryResponse {
  /** Pass as `after` for the next page; null when this page ends the history. */
  nextAfter: number | null;
}

/** One page of the audit, oldest first: the events after `after`, at most `limit` of them. */
export function historyPage(history: RecipientHistoryResponse, params: HistoryParams): RecipientHistoryPage {
  const { limit = DEFAULT_HISTORY_PAGE, after = -1 } = params;
  const rest: HistoryEntry[] = history.events.filter((entry) => entry.revision > after);
  const events = rest.slice(0, limit);
  const last = events[events.length - 1];
  return { ...history, events, nextAfter: rest.length > limit && last !== undefined ? last.revision : null };
}
