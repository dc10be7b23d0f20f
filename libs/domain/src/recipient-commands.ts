import type { ProviderVerdict, SmtpEvidence } from './classification';

/** Commands carry the address already normalised at the edge, and the caller's event id when it has one. */
interface CommandBase {
  address: string;
  eventId?: string;
}

export interface RecordBounce extends CommandBase {
  type: 'RecordBounce';
  occurredAt: string;
  messageId?: string;
  source?: string;
  smtp?: SmtpEvidence;
  providerVerdict?: ProviderVerdict;
  dsnStatus?: string;
}

export interface RecordDelivery extends CommandBase {
  type: 'RecordDelivery';
  occurredAt: string;
  messageId?: string;
  source?: string;
}

export interface RecordCorrection extends CommandBase {
  type: 'RecordCorrection';
  /** Defaults to now. */
  occurredAt?: string;
  by: string;
  note?: string;
  previousAddress?: string;
  /**
   * A complaint is the recipient's own word and outlasts any fix of the address: only a correction that says so
   * lifts it, and the override is kept in the fact and named in the explanation.
   */
  liftComplaint?: boolean;
}

export interface SuppressManually extends CommandBase {
  type: 'SuppressManually';
  /** Defaults to now; imports pass the original suppression date. */
  occurredAt?: string;
  by: string;
  note?: string;
  cause: 'manual' | 'imported';
  /** The original system's reason, for imports. */
  reason?: string;
}

export interface RevertRestoration extends CommandBase {
  type: 'RevertRestoration';
  restorationId: string;
  by: string;
  note?: string;
}

/** A feedback report (ARF) or a provider's spam-complaint event. */
export interface RecordComplaint extends CommandBase {
  type: 'RecordComplaint';
  occurredAt: string;
  source?: string;
  messageId?: string;
  /** ARF Feedback-Type (abuse, fraud, virus, other, not-spam) or the provider's complaint type. */
  feedbackType?: string;
  /** The provider's or the report's own words (bounded). */
  evidence?: string;
}

export type UnsubscribeMethod = 'link' | 'one_click' | 'mail' | 'provider';

/** The recipient asked to hear no more: from every list, or from the one named in `list`. */
export interface RecordUnsubscribe extends CommandBase {
  type: 'RecordUnsubscribe';
  occurredAt: string;
  source?: string;
  messageId?: string;
  /** `one_click` is RFC 8058's List-Unsubscribe-Post; `mail` a mailto: unsubscribe; `provider` the ESP's own list. */
  method: UnsubscribeMethod;
  /** The list, group or message stream the recipient left; absent means every list. */
  list?: string;
  evidence?: string;
}

export type RecipientCommand =
  | RecordBounce
  | RecordDelivery
  | RecordCorrection
  | SuppressManually
  | RevertRestoration
  | RecordComplaint
  | RecordUnsubscribe;

/**
 * The one spelling of a fact's source (`ses`, `sendgrid`, `mta`): it is stored and it derives event ids, so ` SES`
 * and `ses` must not make two events of one webhook.
 */
export function normaliseSource(source: string): string {
  return source.trim().toLowerCase();
}
