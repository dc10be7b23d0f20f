import type { ProviderVerdict, SmtpEvidence } from '@app/domain';

/**
 * What one provider event or one recipient block of a bounce mail says, before the service records it. Every entry
 * point (webhooks, raw mail, the CLI) turns its input into these, and the application maps them onto the domain's
 * commands. `eventId` is deterministic, so a redelivered webhook or a mail handed over twice is the same event.
 */
interface IntakeBase {
  /** The address as the provider or the report gave it; the service normalises it at the edge. */
  address: string;
  /** RFC 3339 with a zone, by the provider's or the reporting MTA's clock. */
  occurredAt: string;
  eventId: string;
  /** ses | sendgrid | mailgun | postmark | mail (raw bounce mail) */
  source: string;
  messageId?: string;
}

export interface IntakeBounce extends IntakeBase {
  kind: 'bounce';
  smtp?: SmtpEvidence;
  providerVerdict?: ProviderVerdict;
  /** The DSN's Status field when the report carried one. */
  dsnStatus?: string;
}

export interface IntakeDelivery extends IntakeBase {
  kind: 'delivery';
}

export interface IntakeComplaint extends IntakeBase {
  kind: 'complaint';
  /** ARF Feedback-Type (abuse, fraud, virus, other, not-spam) or the provider's complaint type. */
  feedbackType?: string;
  /** The provider's own words, kept as evidence (bounded). */
  evidence?: string;
}

export type UnsubscribeMethod = 'link' | 'one_click' | 'mail' | 'provider';

export interface IntakeUnsubscribe extends IntakeBase {
  kind: 'unsubscribe';
  method: UnsubscribeMethod;
  /** The list, group or message stream the recipient left, when known; absent means every list. */
  list?: string;
  evidence?: string;
}

export type IntakeCommand = IntakeBounce | IntakeDelivery | IntakeComplaint | IntakeUnsubscribe;

/** An event that is recognised and deliberately not recorded: a deferral, an open, a click, an unknown type. */
export interface IntakeIgnored {
  kind: 'ignored';
  /** e.g. `deferred`, `delivery_delay`, `open`, `click`, `auto_reply`, `unknown_type:<name>` */
  reason: string;
  address?: string;
}

/** One item of a provider's payload that cannot be read; the others are still applied. */
export interface IntakeInvalid {
  kind: 'invalid';
  /** Where in the payload, e.g. `[3].email` or `mail.destination`. */
  field: string;
  message: string;
}

export type IntakeOutcome = IntakeCommand | IntakeIgnored | IntakeInvalid;
