/** The vocabulary of bounce classification, shared by the classifier, the policy and the events. */

export const BOUNCE_CLASSES = ['hard', 'soft', 'undetermined'] as const;
export type BounceClass = (typeof BOUNCE_CLASSES)[number];

export const BOUNCE_REASONS = [
  'mailbox_unknown',
  'domain_unknown',
  'address_invalid',
  'mailbox_disabled',
  'recipient_moved',
  'mailbox_full',
  'mailbox_unavailable',
  'recipient_server_unavailable',
  'message_too_large',
  'content_rejected',
  'authentication_failed',
  'reputation_block',
  'rate_limited',
  'greylisted',
  'policy_rejection',
  'sender_quota_exceeded',
  'undetermined',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

/** Where in the SMTP dialogue the refusal came; refusals before RCPT TO are about the sender, never the recipient. */
export const SMTP_STAGES = ['connect', 'helo', 'mail_from', 'rcpt_to', 'data', 'end_of_data'] as const;
export type SmtpStage = (typeof SMTP_STAGES)[number];

/** The raw evidence of a bounce, bounded in size; replay re-classifies from it. */
export interface SmtpEvidence {
  /** Basic reply code, e.g. 550. */
  replyCode?: number;
  /** RFC 3463 enhanced status code, e.g. "5.1.1". */
  enhancedStatus?: string;
  /** The remote server's reply text (Diagnostic-Code), possibly multi-line. */
  diagnostic?: string;
  stage?: SmtpStage;
}

/** What the email provider itself said about the bounce. */
export interface ProviderVerdict {
  /** ses | sendgrid | mailgun | postmark | mta | another provider's name. */
  provider: string;
  /** SES bounceType, SendGrid event type or bounce_classification, Mailgun severity, Postmark Type. */
  type?: string;
  /** SES bounceSubType, Mailgun reason, and the like. */
  subType?: string;
}

export interface Classification {
  class: BounceClass;
  reason: BounceReason;
  /** False for sender-side problems (rate limits, reputation, authentication, content, size, our own quota). */
  countsAgainstRecipient: boolean;
  /** Which rule matched, for the audit (e.g. "provider:microsoft:submission-quota", "enhanced:5.1.1"). */
  rule: string;
  classifierVersion: string;
}
