import type { SmtpStage } from '@app/domain';

/**
 * What one raw bounce mail says, recipient by recipient, before anything is recorded. The CLI prints it and
 * `toIntakeOutcomes` turns it into intake commands.
 */

/** bounce: the delivery failed; delay: still being retried; delivery: delivered, relayed or expanded. */
export type MailRecipientKind = 'bounce' | 'delay' | 'complaint' | 'auto-reply' | 'delivery';

/** Where the entry was read from: a standard report part, or the MTA whose plain-text notice matched. */
export type MailFormat =
  | 'delivery-status'
  | 'feedback-report'
  | 'qmail'
  | 'exim'
  | 'exchange'
  | 'sendmail'
  | 'yahoo'
  | 'gmail'
  | 'postfix'
  | 'unformatted-bounce'
  | 'auto-reply'
  | 'challenge-response';

export interface MailRecipient {
  /** Original-Recipient when the report kept it (what we sent to), else Final-Recipient, else the VERP address. */
  address: string;
  kind: MailRecipientKind;
  format: MailFormat;
  /** RFC 3463 code: the DSN Status field, or the code in the diagnostic when the notice has no such field. */
  status?: string;
  /** The remote server's reply or the MTA's own diagnosis, without the diagnostic-type prefix. */
  diagnostic?: string;
  /** The Diagnostic-Code type (`smtp`, `X-Postfix`, …) when the report gave one. */
  diagnosticType?: string;
  /** The SMTP command the refusal answered, when the notice says so. */
  stage?: SmtpStage;
  /** The DSN Action, lower-cased. */
  action?: string;
  remoteMta?: string;
  reportingMta?: string;
  finalRecipient?: string;
  originalRecipient?: string;
  /** Message-ID of the message that bounced or was complained about. */
  originalMessageId?: string;
  /** RFC 3339 UTC: Last-Attempt-Date, else the notice's Date, else Arrival-Date, else the injected receipt time. */
  occurredAt?: string;
  /** RFC 3339 UTC: until when a delayed delivery is retried. */
  willRetryUntil?: string;
  /** ARF Feedback-Type. */
  feedbackType?: string;
  /** True when the address came from a VERP return path rather than from the notice itself. */
  fromVerp?: boolean;
}

export interface MailReport {
  /** Message-ID of the notice that held the report (for a forwarded notice, its own, not the forward's). */
  messageId?: string;
  subject?: string;
  recipients: MailRecipient[];
  /** Set when the mail cannot be parsed or holds no recognisable report; `recipients` is then empty. */
  error?: string;
}

export interface ReadBounceMailOptions {
  /** When the mail arrived (RFC 3339); the time of entries whose notice carries no usable date. */
  receivedAt?: string;
  /**
   * Recovers the recipient from a VERP envelope address such as `bounces+jane=example.com@sender.example`. Named
   * groups `local` and `domain` give the two halves of the recipient.
   */
  verpPattern?: RegExp;
}

/** `prefix+local=domain@host`: the common VERP encoding (qmail, Postfix `+` extensions, most ESPs). */
export const DEFAULT_VERP_PATTERN = /^[^@+=\s]+\+(?<local>[^@=\s]+)=(?<domain>[^@=\s]+)@[^@\s]+$/;
