import type { RecipientCommand } from '@app/domain';
import type { IntakeCommand } from './intake-command';

/**
 * The domain command an intake command stands for. The caller normalises the address first, as every entry point
 * normalises its own (and reports a bad one its own way).
 */
export function recipientCommandOf(intake: IntakeCommand, normalisedAddress: string): RecipientCommand {
  const { occurredAt, eventId, source, messageId } = intake;
  const base = { address: normalisedAddress, occurredAt, eventId, source, messageId };
  switch (intake.kind) {
    case 'bounce':
      return {
        ...base,
        type: 'RecordBounce',
        smtp: intake.smtp,
        providerVerdict: intake.providerVerdict,
        dsnStatus: intake.dsnStatus,
      };
    case 'delivery':
      return { ...base, type: 'RecordDelivery' };
    case 'complaint':
      return { ...base, type: 'RecordComplaint', feedbackType: intake.feedbackType, evidence: intake.evidence };
    case 'unsubscribe':
      return {
        ...base,
        type: 'RecordUnsubscribe',
        method: intake.method,
        list: intake.list,
        evidence: intake.evidence,
      };
    default: {
      const unknown: never = intake;
      return unknown;
    }
  }
}
