import { FactRequest } from '../bounces/record-bounce.request';
import { Text } from '../http/field-decorators';

export class RecordComplaintRequest extends FactRequest {
  @Text(100, {
    optional: true,
    example: 'abuse',
    description: "ARF Feedback-Type (abuse, fraud, virus, other) or the provider's complaint type",
  })
  feedbackType?: string;

  @Text(1000, { optional: true, description: "The report's or the provider's own words, kept as evidence" })
  evidence?: string;
}
