import { ApiPropertyOptional } from '@nestjs/swagger';
import { SMTP_STAGES } from '@app/domain';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, Matches, ValidateNested } from '@app/recipients';
import { EmailAddress, OneOf, Source, Text, Timestamp, WholeNumber } from '../http/field-decorators';

const ENHANCED_STATUS = /^[245]\.\d{1,3}\.\d{1,3}$/;

export class SmtpRequest {
  @WholeNumber(200, 599, { optional: true, description: 'Basic SMTP reply code, e.g. 550' })
  replyCode?: number;

  @Text(16, { optional: true, example: '5.1.1', description: 'RFC 3463 enhanced status code' })
  @Matches(ENHANCED_STATUS, { message: 'enhancedStatus must look like 5.1.1' })
  enhancedStatus?: string;

  @Text(4000, { optional: true, description: "The receiving server's reply text (Diagnostic-Code)" })
  diagnostic?: string;

  @OneOf(SMTP_STAGES, { optional: true, description: 'SMTP stage of the refusal, when known' })
  stage?: (typeof SMTP_STAGES)[number];
}

export class ProviderVerdictRequest {
  @Text(50, { example: 'ses', description: 'ses, sendgrid, mailgun, postmark, mta, ...' })
  provider!: string;

  @Text(100, { optional: true, example: 'Permanent' })
  type?: string;

  @Text(100, { optional: true, example: 'General' })
  subType?: string;
}

/** Fields every fact command shares. */
export class FactRequest {
  @EmailAddress()
  address!: string;

  @Timestamp({ description: 'When it happened, by the source clock' })
  occurredAt!: string;

  @Text(200, { optional: true, description: 'Your id for the event; derived from the payload when absent' })
  eventId?: string;

  @Text(998, { optional: true })
  messageId?: string;

  @Source({ description: 'Where the event came from (ses, sendgrid, mta, ...); trimmed and lower-cased' })
  source?: string;
}

export class RecordBounceRequest extends FactRequest {
  @ApiPropertyOptional({ type: SmtpRequest })
  @IsOptional()
  @IsObject({ message: 'smtp must be an object' })
  @ValidateNested()
  @Type(() => SmtpRequest)
  smtp?: SmtpRequest;

  @ApiPropertyOptional({ type: ProviderVerdictRequest })
  @IsOptional()
  @IsObject({ message: 'providerVerdict must be an object' })
  @ValidateNested()
  @Type(() => ProviderVerdictRequest)
  providerVerdict?: ProviderVerdictRequest;

  @Text(16, { optional: true, example: '5.1.1', description: 'The DSN Status: field' })
  @Matches(ENHANCED_STATUS, { message: 'dsnStatus must look like 5.1.1' })
  dsnStatus?: string;
}
