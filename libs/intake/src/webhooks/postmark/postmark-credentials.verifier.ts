import { secretsEqual } from '../constant-time';
import { singleHeader } from '../request-headers';
import type { RequestHeaders } from '../request-headers';
import { refused, VERIFIED } from '../webhook-verification';
import type { WebhookVerification } from '../webhook-verification';

export interface PostmarkVerifierOptions {
  /** Credentials set in the webhook URL or its `HttpAuth`; Postmark sends them as `Authorization: Basic`. */
  basicAuth?: { username: string; password: string };
  /** A header set in the webhook's `HttpHeaders`, carrying a shared secret. */
  secretHeader?: { name: string; value: string };
}

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * Postmark does not sign webhooks, so a request is trusted by the credentials configured on the webhook: Basic auth,
 * a shared secret header, or both (then both must match). Secrets are compared in constant time.
 */
export class PostmarkCredentialsVerifier {
  constructor(private readonly options: PostmarkVerifierOptions) {
    if (options.basicAuth === undefined && options.secretHeader === undefined) {
      throw new TypeError('Postmark webhooks need basic auth credentials, a secret header, or both');
    }
    if (options.secretHeader !== undefined && options.secretHeader.value === '') {
      throw new TypeError('the Postmark secret header value is empty');
    }
  }

  verify(headers: RequestHeaders): WebhookVerification {
    const { basicAuth, secretHeader } = this.options;
    if (basicAuth !== undefined) {
      const authorization = singleHeader(headers, 'Authorization');
      if (authorization === undefined) {
        return refused('missing_signature', 'Authorization is missing');
      }
      const credentials = BASIC.exec(authorization)?.[1];
      const expected = `${basicAuth.username}:${basicAuth.password}`;
      if (credentials === undefined || !secretsEqual(Buffer.from(credentials, 'base64'), expected)) {
        return refused('unauthorised', 'Authorization does not carry the configured Basic credentials');
      }
    }
    if (secretHeader !== undefined) {
      const presented = singleHeader(headers, secretHeader.name);
      if (presented === undefined) {
        return refused('missing_signature', `${secretHeader.name} is missing`);
      }
      if (!secretsEqual(presented, secretHeader.value)) {
        return refused('unauthorised', `${secretHeader.name} does not match the configured secret`);
      }
    }
    return VERIFIED;
  }
}
