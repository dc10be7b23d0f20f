import type { VerificationFailure } from '@app/intake';
import { ProblemError } from '../http/problem-details';

/**
 * A refused webhook request: 403 when authentic-looking credentials are not this service's (wrong Postmark secret,
 * another topic), 503 when the SNS certificate could not be fetched (SNS retries), 401 otherwise.
 */
export function webhookRefusal(provider: string, failure: VerificationFailure): ProblemError {
  const detail = `${provider} webhook refused (${failure.reason}): ${failure.message}; nothing was recorded`;
  switch (failure.reason) {
    case 'unauthorised':
      return new ProblemError(403, 'Forbidden', detail);
    case 'certificate_unavailable':
      return new ProblemError(503, 'Service Unavailable', detail);
    case 'missing_signature':
    case 'bad_signature':
    case 'expired':
    case 'replayed':
    case 'untrusted_certificate_url':
      return new ProblemError(401, 'Unauthorized', detail);
    default: {
      const unknown: never = failure.reason;
      return unknown;
    }
  }
}

/** A provider whose secret is not configured: its route does not exist here (README, "Provider webhooks"). */
export function webhookNotConfigured(provider: string, setting: string): ProblemError {
  return ProblemError.notFound(`The ${provider} webhook is not configured on this service: set ${setting}`);
}
