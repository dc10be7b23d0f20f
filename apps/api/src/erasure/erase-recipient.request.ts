import { Flag, Text } from '../http/field-decorators';

export class EraseRecipientRequest {
  @Text(200, { description: 'Who erases the recipient (kept in the erasure event, which holds no address)' })
  by!: string;

  @Text(1000, { description: 'Why, e.g. the erasure request it answers', example: 'GDPR art. 17 request #4411' })
  reason!: string;

  @Flag({
    optional: true,
    description:
      'Keep a keyed hash of the address on the do-not-send list, so checks still answer suppressed (cause erased). ' +
      'Default: true when the address is suppressed or quarantined now, or was erased before with it kept',
  })
  keepSuppression?: boolean;
}
