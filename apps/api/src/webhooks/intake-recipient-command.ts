import type { RecipientCommand } from '@app/domain';
import type { IntakeCommand } from '@app/intake';
import { normalisedAddress } from '../recipients/normalised-address';

/**
 * The domain command an intake command stands for, its address normalised exactly as the JSON endpoints normalise
 * theirs; an address the domain refuses throws the same 400 problem, which the caller reports for this item alone.
 */
export function recipientCommandOf(intake: IntakeCommand): RecipientCommand {
  const { occurredAt, eventId, source, messageId } = intake;
  const base = { address: normalisedAddress(intake.address), occurredAt, eventId, source, messageId };
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
