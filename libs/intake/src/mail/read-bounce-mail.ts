import { readEximBounce } from './exim-bounce';
import { readExchangeBounce } from './exchange-bounce';
import { readGmailBounce } from './gmail-bounce';
import { readPostfixBounce, readQmailBounce, readYahooBounce } from './address-paragraph-bounce';
import { readSendmailBounce } from './sendmail-bounce';
import { autoReplyKind } from './auto-reply';
import { compact } from './compact';
import { DELIVERY_STATUS_TYPES, readDeliveryStatus } from './delivery-status-report';
import { FEEDBACK_REPORT_TYPE, readFeedbackReport } from './feedback-report';
import { toRfc3339 } from './mail-date';
import type { MailRecipient, MailReport, ReadBounceMailOptions } from './mail-report';
import { DEFAULT_VERP_PATTERN } from './mail-report';
import type { MimeMessage } from './mime-message';
import { firstHeader, parseMimeMessage } from './mime-message';
import type { NoticeContext } from './notice-context';
import { messageIdOf, noticeContext, occurredAt } from './notice-context';
import { readReplyCodes } from './smtp-reply';
import type { TextBounce, TextBounceReader } from './text-bounce';
import { firstSmtpReply, looksLikeBounce, unformattedBounceKind } from './unformatted-bounce';

/** Reports are found inside forwarded messages too, but only in a few of them: deeper nesting is not a bounce. */
const MAX_NESTED_MESSAGES = 3;
const NESTED_MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);

/**
 * Each reader recognises one MTA by words only it writes. Gmail and Exchange come before Postfix and Sendmail:
 * their notices can quote the others' text as the remote server's reply.
 */
const TEXT_READERS: readonly TextBounceReader[] = [
  readEximBounce,
  readQmailBounce,
  readYahooBounce,
  readGmailBounce,
  readExchangeBounce,
  readSendmailBounce,
  readPostfixBounce,
];

/**
 * Reads a raw bounce mail into one entry per recipient it reports, in the order it lists them. Standard report parts
 * (RFC 3464/6533 delivery status, RFC 5965 feedback) anywhere in the MIME tree win; then the plain-text formats of
 * common MTAs; then auto-replies and challenge-response mails; then any bounce-like mail whose VERP address names the
 * recipient. A mail that is none of these gives a report with an `error`, never a throw.
 */
export async function readBounceMail(
  raw: string | Uint8Array,
  options: ReadBounceMailOptions = {},
): Promise<MailReport> {
  if (typeof raw !== 'string' && !(raw instanceof Uint8Array)) {
    return { recipients: [], error: 'the mail must be text or bytes' };
  }
  let top: MimeMessage;
  try {
    top = await parseMimeMessage(raw);
  } catch (error) {
    return {
      recipients: [],
      error: `the mail cannot be parsed as MIME: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!hasHeaderFields(top)) {
    return { recipients: [], error: 'the mail has no header fields' };
  }
  const contextOf = (message: MimeMessage): NoticeContext =>
    noticeContext(message, toRfc3339(options.receivedAt), options.verpPattern ?? DEFAULT_VERP_PATTERN);
  // The mail itself, then the messages attached to it, breadth first. An attachment is parsed only when no level
  // before it held a report, so the returned original of an ordinary report is never parsed.
  const levels = [top];
  for (let index = 0; index < levels.length; index++) {
    const message = levels[index]!;
    const recipients = readReportParts(message, contextOf(message));
    if (recipients.length > 0) {
      return reportOf(message, recipients);
    }
    levels.push(...(await attachedMessages(message, MAX_NESTED_MESSAGES + 1 - levels.length)));
  }
  for (const message of levels) {
    for (const reader of TEXT_READERS) {
      const bounce = reader(message);
      if (bounce !== undefined && bounce.recipients.length > 0) {
        return reportOf(message, fromTextBounce(bounce, contextOf(message)));
      }
    }
  }
  return readUnstructured(top, contextOf(top));
}

/** Up to `limit` attached messages; attachments that do not parse as a mail are skipped. */
async function attachedMessages(message: MimeMessage, limit: number): Promise<MimeMessage[]> {
  const attached: MimeMessage[] = [];
  for (const part of message.parts) {
    if (attached.length >= limit) {
      break;
    }
    if (NESTED_MESSAGE_TYPES.has(part.mimeType)) {
      const nested = await parseMimeMessage(part.content).catch(() => undefined);
      if (nested !== undefined && hasHeaderFields(nested)) {
        attached.push(nested);
      }
    }
  }
  return attached;
}

function readReportParts(message: MimeMessage, context: NoticeContext): MailRecipient[] {
  return message.parts.flatMap((part) => {
    if (DELIVERY_STATUS_TYPES.has(part.mimeType)) {
      return readDeliveryStatus(part.content, context);
    }
    return part.mimeType === FEEDBACK_REPORT_TYPE ? readFeedbackReport(part.content, message.text, context) : [];
  });
}

function fromTextBounce(bounce: TextBounce, context: NoticeContext): MailRecipient[] {
  return bounce.recipients.map((recipient) =>
    compact({
      address: recipient.address,
      kind: recipient.kind,
      format: bounce.format,
      status: readReplyCodes(recipient.diagnostic).enhancedStatus,
      diagnostic: recipient.diagnostic,
      stage: recipient.stage,
      remoteMta: recipient.remoteMta,
      originalMessageId: context.originalMessageId,
      occurredAt: occurredAt(context),
    }),
  );
}

/** No report and no known format: an auto-reply from its sender, or a bounce whose VERP address names the recipient. */
function readUnstructured(message: MimeMessage, context: NoticeContext): MailReport {
  const autoReply = autoReplyKind(message);
  if (autoReply !== undefined) {
    if (context.from === undefined) {
      return errorReport(message, `an ${autoReply} mail without a From address`);
    }
    return reportOf(message, [
      compact({
        address: context.from,
        kind: 'auto-reply' as const,
        format: autoReply,
        occurredAt: occurredAt(context),
      }),
    ]);
  }
  if (!looksLikeBounce(message)) {
    return errorReport(message, 'no delivery-status or feedback report, known bounce format or auto-reply found');
  }
  if (context.verpAddress === undefined) {
    return errorReport(message, 'a bounce that names no recipient and was not sent to a VERP address');
  }
  const diagnostic = firstSmtpReply(message.text);
  return reportOf(message, [
    compact({
      address: context.verpAddress,
      kind: unformattedBounceKind(message),
      format: 'unformatted-bounce' as const,
      status: readReplyCodes(diagnostic).enhancedStatus,
      diagnostic,
      originalMessageId: context.originalMessageId,
      occurredAt: occurredAt(context),
      fromVerp: true,
    }),
  ]);
}

function reportOf(message: MimeMessage, recipients: MailRecipient[]): MailReport {
  return compact({
    messageId: messageIdOf(firstHeader(message, 'message-id')),
    subject: message.subject === '' ? undefined : message.subject,
    recipients,
  });
}

function errorReport(message: MimeMessage, error: string): MailReport {
  return { ...reportOf(message, []), error };
}

// postal-mime reads any first line as a header; a field name has no spaces (RFC 5322 §2.2), prose does.
function hasHeaderFields(message: MimeMessage): boolean {
  return [...message.headers.keys()].some((name) => /^[!-9;-~]+$/.test(name));
}
