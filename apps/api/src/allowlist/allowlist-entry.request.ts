import { Text } from '../http/field-decorators';

export class AllowlistEntryRequest {
  @Text(320, {
    description: 'An address, or a domain (that domain only, not its subdomains)',
    example: 'seed-inbox@example.com',
  })
  entry!: string;

  @Text(200, { description: 'Who changes the allowlist' })
  by!: string;

  @Text(1000, { description: 'Why', example: 'Seed inbox of the deliverability monitor' })
  reason!: string;
}
