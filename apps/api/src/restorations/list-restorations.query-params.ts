import { Type } from 'class-transformer';
import { EmailAddress, OneOf, Text, WholeNumber } from '../http/field-decorators';

export class ListRestorationsParams {
  @EmailAddress({ optional: true })
  address?: string;

  @OneOf(['active', 'reverted'], { optional: true })
  state?: 'active' | 'reverted';

  @Type(() => Number)
  @WholeNumber(1, 1000, { optional: true, description: 'Page size (default 100)' })
  limit?: number;

  @Text(500, { optional: true, description: 'nextCursor of the previous page' })
  cursor?: string;
}
