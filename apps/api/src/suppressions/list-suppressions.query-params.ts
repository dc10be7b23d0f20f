import { SUPPRESSION_CAUSES } from '@app/domain';
import type { SuppressionCause } from '@app/domain';
import { Type } from 'class-transformer';
import { OneOf, Text, Timestamp, WholeNumber } from '../http/field-decorators';

export class ListSuppressionsParams {
  @OneOf(['quarantined', 'suppressed'], { optional: true })
  status?: 'quarantined' | 'suppressed';

  @OneOf(SUPPRESSION_CAUSES, { optional: true })
  cause?: SuppressionCause;

  @Text(100, { optional: true, example: 'mailbox_unknown' })
  reason?: string;

  @Timestamp({ optional: true, description: 'Only suppressions decided at or after this time' })
  since?: string;

  @Type(() => Number)
  @WholeNumber(1, 1000, { optional: true, description: 'Page size (default 100)' })
  limit?: number;

  @Text(500, { optional: true, description: 'nextCursor of the previous page' })
  cursor?: string;
}
