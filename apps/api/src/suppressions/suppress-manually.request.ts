import { EmailAddress, Text } from '../http/field-decorators';

export class SuppressManuallyRequest {
  @EmailAddress()
  address!: string;

  @Text(200, { optional: true, description: "Who asked for the suppression (default: the token's name)" })
  by?: string;

  @Text(1000, { optional: true })
  note?: string;

  @Text(200, {
    optional: true,
    description:
      'Your id for the request. Without one it is derived from the request, so repeating the same request ' +
      'appends nothing (200) until a restoration lifts the suppression',
  })
  eventId?: string;
}
