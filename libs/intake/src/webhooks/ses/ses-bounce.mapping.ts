import type { IntakeOutcome } from '../../intake-command';
import {
  bounded,
  invalid,
  isJsonObject,
  ignored,
  MAX_VERDICT_LABEL_LENGTH,
  smtpEvidence,
  textField,
  withoutUndefined,
  enhancedStatus,
} from '../payload-fields';
import { isoFromTimestamp } from '../provider-time';
import { webhookEventId } from '../webhook-event-id';
import { addressesOnly, recipientsOf, SES_SOURCE } from './ses-recipients';
import type { SesContext } from './ses-recipients';

// SES did not attempt delivery: an echo of an earlier hard bounce or of our own suppression list, nothing new.
const SUPPRESSION_SUBTYPES: Readonly<Record<string, string>> = {
  Suppressed: 'provider_suppression:ses_suppressed',
  OnAccountSuppressionList: 'provider_suppression:ses_account_suppression_list',
};

/** One bounce per bounced recipient; the table at the top of `ses-notification.mapping.ts` says which are ignored. */
export function mapSesBounce(value: unknown, context: SesContext): IntakeOutcome[] {
  if (!isJsonObject(value)) {
    return [invalid('Message.bounce', 'expected an object')];
  }
  const type = bounded(textField(value, 'bounceType'), MAX_VERDICT_LABEL_LENGTH);
  const subType = bounded(textField(value, 'bounceSubType'), MAX_VERDICT_LABEL_LENGTH);
  const recipients = recipientsOf(value, 'bouncedRecipients', 'Message.bounce');
  const suppression = subType === undefined ? undefined : SUPPRESSION_SUBTYPES[subType];
  if (suppression !== undefined) {
    return addressesOnly(recipients, suppression);
  }
  const occurredAt = isoFromTimestamp(value.timestamp);
  if (occurredAt === undefined) {
    return [invalid('Message.bounce.timestamp', 'expected an ISO 8601 time with a zone')];
  }
  const providerEventId = textField(value, 'feedbackId') ?? context.messageId ?? context.snsMessageId;
  return recipients.map((recipient) => {
    if (recipient.kind === 'invalid') {
      return recipient;
    }
    const { address, entry } = recipient;
    if (textField(entry, 'action')?.toLowerCase() === 'delayed') {
      return ignored('deferred', address);
    }
    return withoutUndefined({
      kind: 'bounce' as const,
      address,
      occurredAt,
      eventId: webhookEventId({ source: SES_SOURCE, providerEventId, address, kind: 'bounce', occurredAt }),
      source: SES_SOURCE,
      messageId: context.messageId,
      smtp: smtpEvidence({ diagnostic: textField(entry, 'diagnosticCode') }),
      providerVerdict: withoutUndefined({ provider: SES_SOURCE, type, subType }),
      dsnStatus: enhancedStatus(textField(entry, 'status')),
    });
  });
}
