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

export type RecipientCommand = RecordBounce | RecordDelivery | RecordCorrection | SuppressManually | RevertRestoration;

/**
 * The one spelling of a fact's source (`ses`, `sendgrid`, `mta`): it is stored and it derives event ids, so ` SES`
 * and `ses` must not make two events of one webhook.
 */
export function normaliseSource(source: string): string {
  return source.trim().toLowerCase();
}
