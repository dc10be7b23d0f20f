import { SUPPRESSION_CAUSES } from '@app/domain';
import type { SuppressionCause } from '@app/domain';
import type { SuppressionListFilter } from '@app/read-model';
import { Type } from 'class-transformer';
import { OneOf, Text, Timestamp, WholeNumber } from '../http/field-decorators';
import { AddressMatchParams, addressMatchFilter } from '../http/address-match-params';

export const DEFAULT_PAGE_SIZE = 100;

export class ListSuppressionsParams extends AddressMatchParams {
  @OneOf(['quarantined', 'suppressed'], { optional: true })
  status?: 'quarantined' | 'suppressed';

  @OneOf(SUPPRESSION_CAUSES, { optional: true })
  cause?: SuppressionCause;

  @Text(100, { optional: true, example: 'mailbox_unknown' })
  reason?: string;

  @Timestamp({ optional: true, description: 'Only suppressions decided at or after this time' })
  since?: string;

  @Timestamp({ optional: true, description: 'Only suppressions decided before this time (not before since)' })
  until?: string;

  @OneOf(['true', 'false'], { optional: true, description: 'true: also answer `total`, the matches over all pages' })
  total?: 'true' | 'false';

  @Type(() => Number)
  @WholeNumber(1, 1000, { optional: true, description: `Page size (default ${DEFAULT_PAGE_SIZE})` })
  limit?: number;

  @Text(500, { optional: true, description: 'nextCursor of the previous page' })
  cursor?: string;
}

/**
 * The read model's filter for a list request: the prefix and domain in the form addresses are stored in. The read
 * model refuses a window that ends before it starts (400 naming `until`).
 */
export function suppressionListFilter(params: ListSuppressionsParams): Omit<SuppressionListFilter, 'now'> {
  const { limit = DEFAULT_PAGE_SIZE, prefix, domain, total, ...filter } = params;
  return {
    ...filter,
    limit,
    ...addressMatchFilter({ prefix, domain }),
    ...(total === 'true' ? { total: true } : {}),
  };
}
