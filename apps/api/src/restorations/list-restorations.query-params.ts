import type { RestorationFilter } from '@app/read-model';
import { Type } from 'class-transformer';
import { AddressMatchParams, addressMatchFilter } from '../http/address-match-params';
import { EmailAddress, OneOf, Text, Timestamp, WholeNumber } from '../http/field-decorators';
import { normalisedAddress } from '../recipients/normalised-address';

export const DEFAULT_PAGE_SIZE = 100;

export class ListRestorationsParams extends AddressMatchParams {
  @EmailAddress({ optional: true })
  address?: string;

  @OneOf(['active', 'reverted'], { optional: true })
  state?: 'active' | 'reverted';

  @Timestamp({ optional: true, description: 'Only restorations made at or after this time' })
  since?: string;

  @Timestamp({ optional: true, description: 'Only restorations made before this time (not before since)' })
  until?: string;

  @OneOf(['true', 'false'], { optional: true, description: 'true: also answer `total`, the matches over all pages' })
  total?: 'true' | 'false';

  @Type(() => Number)
  @WholeNumber(1, 1000, { optional: true, description: `Page size (default ${DEFAULT_PAGE_SIZE})` })
  limit?: number;

  @Text(500, { optional: true, description: 'nextCursor of the previous page' })
  cursor?: string;
}

/** The read model's filter for a list request; it refuses a window that ends before it starts (400 naming until). */
export function restorationFilter(params: ListRestorationsParams): RestorationFilter {
  const { limit = DEFAULT_PAGE_SIZE, address, total, prefix, domain, ...filter } = params;
  return {
    ...filter,
    limit,
    ...addressMatchFilter({ prefix, domain }),
    ...(address === undefined ? {} : { address: normalisedAddress(address) }),
    ...(total === 'true' ? { total: true } : {}),
  };
}
