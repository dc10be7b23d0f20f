/**
 * Why a webhook request was refused before any of its content was read. The app answers 401 (403 for
 * `unauthorised`, 503 for `certificate_unavailable` so the provider retries) and counts refusals by reason.
 */
export const VERIFICATION_FAILURE_REASONS = [
  /** No signature, signature header or credentials at all (e.g. SNS raw message delivery). */
  'missing_signature',
  /** A signature is present but does not verify, or is not in the provider's format. */
  'bad_signature',
  /** Authentic, but signed longer ago than the tolerance allows. */
  'expired',
  /** Authentic, but this exact signed token was already accepted once. */
  'replayed',
  /** The SNS certificate URL is not https on an SNS host (nor on the configured allowlist). */
  'untrusted_certificate_url',
  /** The SNS certificate could not be fetched or read; the provider retries. */
  'certificate_unavailable',
  /** Wrong credentials, or authentic but from a topic or URL this service does not accept. */
  'unauthorised',
] as const;

export type VerificationFailureReason = (typeof VERIFICATION_FAILURE_REASONS)[number];

export interface VerificationFailure {
  ok: false;
  reason: VerificationFailureReason;
  /** Names the header or field at fault; never echoes a secret. */
  message: string;
}

export type WebhookVerification = { ok: true } | VerificationFailure;

export const VERIFIED: WebhookVerification = { ok: true };

export function refused(reason: VerificationFailureReason, message: string): VerificationFailure {
  return { ok: false, reason, message };
}
