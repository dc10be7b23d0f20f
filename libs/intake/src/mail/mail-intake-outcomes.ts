import type { SmtpEvidence } from '@app/domain';
import { RECIPIENT_STATE_NAMESPACE, canonicalJson, uuidV5 } from '@app/domain';
import type { IntakeOutcome } from '../intake-command';
import { compact } from './compact';
import { toRfc3339 } from './mail-date';
import type { MailRecipient, MailReport } from './mail-report';
import { readReplyCodes } from './smtp-reply';

export const MAIL_SOURCE = 'mail';

/** Stored evidence is bounded, as for a bounce posted to the API; the cause is in the opening of a reply anyway. */
const MAX_DIAGNOSTIC_LENGTH = 4000;

export interface MailIntakeOptions {
  /** RFC 3339; the time of entries that have none (the report was read without a receipt time). */
  receivedAt?: string;
}

/**
 * ARF types that are not a recipient complaining: "not-spam" is the opposite, and "auth-failure" (RFC 6591) reports
 * a failed DKIM/SPF check on our mail.
 */
const NOT_COMPLAINTS: Readonly<Record<string, string>> = {
  'not-spam': 'feedback_not_spam',
  'auth-failure': 'feedback_auth_failure',
};

/**
 * One outcome per entry: bounces, complaints and deliveries become commands; delays and auto-replies are recognised
 * and ignored; a report with an error, or an entry with no time at all, is invalid. Event ids are derived from the
 * source, the bounced message's id (else the notice's own), the address, the kind and the status, so the same mail
 * handed over twice yields the same events.
 */
export function toIntakeOutcomes(report: MailReport, options: MailIntakeOptions = {}): IntakeOutcome[] {
  if (report.error !== undefined) {
    return [{ kind: 'invalid', field: 'mail', message: report.error }];
  }
  const receivedAt = toRfc3339(options.receivedAt);
  return report.recipients.map((recipient, index) => outcomeOf(recipient, index, report, receivedAt));
}

function outcomeOf(
  recipient: MailRecipient,
  index: number,
  report: MailReport,
  receivedAt: string | undefined,
): IntakeOutcome {
  const { address, kind } = recipient;
  switch (kind) {
    case 'delay':
      return { kind: 'ignored', reason: 'delivery_delay', address };
    case 'auto-reply':
      return { kind: 'ignored', reason: 'auto_reply', address };
    case 'bounce':
    case 'complaint':
    case 'delivery':
      break;
    default: {
      const unknown: never = kind;
      return unknown;
    }
  }
  const notComplaint = kind === 'complaint' ? NOT_COMPLAINTS[recipient.feedbackType ?? ''] : undefined;
  if (notComplaint !== undefined) {
    return { kind: 'ignored', reason: notComplaint, address };
  }
  const occurredAt = recipient.occurredAt ?? receivedAt;
  if (occurredAt === undefined) {
    return {
      kind: 'invalid',
      field: `recipients[${index}].occurredAt`,
      message: 'the notice carries no date and no receipt time was given',
    };
  }
  const messageId = recipient.originalMessageId;
  const base = compact({
    address,
    occurredAt,
    eventId: mailEventId(recipient, report),
    source: MAIL_SOURCE,
    messageId,
  });
  if (kind === 'delivery') {
    return { ...base, kind };
  }
  if (kind === 'complaint') {
    return compact({ ...base, kind, feedbackType: recipient.feedbackType, evidence: recipient.diagnostic });
  }
  return compact({ ...base, kind, smtp: smtpEvidenceOf(recipient), dsnStatus: dsnStatusOf(recipient) });
}

function smtpEvidenceOf(recipient: MailRecipient): SmtpEvidence | undefined {
  const codes = readReplyCodes(recipient.diagnostic);
  const evidence: SmtpEvidence = compact({
    replyCode: codes.replyCode,
    enhancedStatus: codes.enhancedStatus ?? recipient.status,
    diagnostic: recipient.diagnostic?.slice(0, MAX_DIAGNOSTIC_LENGTH),
    stage: recipient.stage,
  });
  return Object.keys(evidence).length === 0 ? undefined : evidence;
}

/** Only a delivery-status report has a Status field; for the text formats the code is in the smtp evidence. */
function dsnStatusOf(recipient: MailRecipient): string | undefined {
  return recipient.format === 'delivery-status' ? recipient.status : undefined;
}

/**
 * UUID v5 of what the notice says about one recipient (never of when it arrived), so handing the same mail over again
 * is recognised as the same event.
 */
export function mailEventId(recipient: MailRecipient, report: Pick<MailReport, 'messageId'>): string {
  const identity = {
    source: MAIL_SOURCE,
    messageId: recipient.originalMessageId ?? report.messageId,
    address: recipient.address.toLowerCase(),
    kind: recipient.kind,
    status: recipient.status,
    // Without any message id, the notice's time is all that tells two notices about one address apart.
    occurredAt: (recipient.originalMessageId ?? report.messageId) ? undefined : recipient.occurredAt,
  };
  return uuidV5(`MailIntake|${canonicalJson(identity)}`, RECIPIENT_STATE_NAMESPACE);
}
