import { compact } from './compact';
import { firstField, readFieldGroups, withoutComments, withoutType } from './field-groups';
import { addressesIn, readAddress } from './mail-address';
import type { MailRecipient } from './mail-report';
import type { NoticeContext } from './notice-context';
import { occurredAt } from './notice-context';
import { flatten } from './smtp-reply';

export const FEEDBACK_REPORT_TYPE = 'message/feedback-report';

/** The human-readable part is kept as the complaint's evidence, bounded like every stored evidence. */
const MAX_EVIDENCE_LENGTH = 500;

/**
 * An ARF report (RFC 5965) is a complaint about one message, for each recipient it names: Original-Rcpt-To (which
 * may repeat), else the To of the returned message, else the recipient in the returned message's VERP return path.
 */
export function readFeedbackReport(content: string, humanText: string, context: NoticeContext): MailRecipient[] {
  const fields = readFieldGroups(content)[0] ?? new Map<string, string[]>();
  const named = (fields.get('original-rcpt-to') ?? [])
    .map((value) => readAddress(value))
    .filter((address): address is string => address !== undefined);
  const returnedTo = addressesIn(context.originalHeaders?.get('to')?.join(', '));
  const fromVerp = named.length === 0 && returnedTo.length === 0;
  const addresses = named.length > 0 ? named : returnedTo.length > 0 ? returnedTo : [context.verpAddress];
  const feedbackType = withoutComments(firstField(fields, 'feedback-type') ?? '').toLowerCase();
  const reportingMta = withoutType(withoutComments(firstField(fields, 'reporting-mta') ?? ''));
  const evidence = flatten(humanText).slice(0, MAX_EVIDENCE_LENGTH);
  return addresses
    .filter((address): address is string => address !== undefined)
    .map((address) =>
      compact({
        address,
        kind: 'complaint' as const,
        format: 'feedback-report' as const,
        feedbackType: feedbackType === '' ? undefined : feedbackType,
        diagnostic: evidence === '' ? undefined : evidence,
        reportingMta: reportingMta === '' ? undefined : reportingMta,
        originalMessageId: context.originalMessageId,
        occurredAt: occurredAt(context, undefined, firstField(fields, 'arrival-date')),
        fromVerp: fromVerp ? true : undefined,
      }),
    );
}
