import { FactRequest } from '../bounces/record-bounce.request';
import { OneOf, Text } from '../http/field-decorators';

export const UNSUBSCRIBE_METHODS = ['link', 'one_click', 'mail', 'provider'] as const;

export class RecordUnsubscribeRequest extends FactRequest {
  @OneOf(UNSUBSCRIBE_METHODS, {
    description: 'link (a page), one_click (RFC 8058 List-Unsubscribe-Post), mail (mailto:), provider (the ESP)',
  })
  method!: (typeof UNSUBSCRIBE_METHODS)[number];

  @Text(200, { optional: true, description: 'The list, group or stream left; absent means every list' })
  list?: string;

  @Text(1000, { optional: true, description: 'What the request said, kept as evidence' })
  evidence?: string;
}
