import { EmailAddress, Flag, Text, Timestamp } from '../http/field-decorators';

export class RecordCorrectionRequest {
  @EmailAddress()
  address!: string;

  @Text(200, { optional: true, description: "Who confirmed the address is fixed (default: the token's name)" })
  by?: string;

  @Text(1000, { optional: true })
  note?: string;

  @EmailAddress({ optional: true, description: 'The address it was corrected from' })
  previousAddress?: string;

  @Timestamp({ optional: true, description: 'Defaults to now' })
  occurredAt?: string;

  @Text(200, { optional: true })
  eventId?: string;

  @Flag({
    optional: true,
    description: 'Lift a complaint too: a recorded override, named in the audit (without it a complaint stands)',
  })
  liftComplaint?: boolean;
}
