import { createHmac } from 'node:crypto';
import { secretsEqual } from '../constant-time';
import { isJsonObject, textField } from '../payload-fields';
import { refused, VERIFIED } from '../webhook-verification';
import type { WebhookVerification } from '../webhook-verification';

const DEFAULT_TOLERANCE_SECONDS = 300;
const UNIX_SECONDS = /^\d{1,12}$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

export interface MailgunVerifierOptions {
  /** The account's HTTP webhook signing key (not the API key). */
  signingKey: string;
  /** How far the signed timestamp may lie from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** Epoch milliseconds. */
  now: () => number;
  /** True when the token was accepted before, remembering it otherwise; see `RecentTokens`. */
  seenToken: (token: string) => boolean;
}

/**
 * Mailgun signs `timestamp + token` (no separator) with HMAC-SHA256 under the webhook signing key; the body itself
 * is not signed. A token is accepted once: it is remembered only after the signature and the time check pass, so
 * forged requests cannot fill the memory of seen tokens.
 */
export class MailgunSignatureVerifier {
  private readonly toleranceMs: number;

  constructor(private readonly options: MailgunVerifierOptions) {
    if (options.signingKey === '') {
      throw new TypeError('the Mailgun webhook signing key is empty');
    }
    this.toleranceMs = (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
  }

  /** Verifies the `signature` object of a parsed webhook body. */
  verify(payload: unknown): WebhookVerification {
    const signature = isJsonObject(payload) ? payload.signature : undefined;
    if (!isJsonObject(signature)) {
      return refused('missing_signature', 'signature is missing');
    }
    const timestamp = textField(signature, 'timestamp');
    const token = textField(signature, 'token');
    const presented = textField(signature, 'signature');
    if (timestamp === undefined || token === undefined || presented === undefined) {
      const missing = timestamp === undefined ? 'timestamp' : token === undefined ? 'token' : 'signature';
      return refused('missing_signature', `signature.${missing} is missing`);
    }
    const expected = createHmac('sha256', this.options.signingKey)
      .update(timestamp + token)
      .digest('hex');
    if (!HEX_SHA256.test(presented) || !secretsEqual(presented.toLowerCase(), expected)) {
      return refused('bad_signature', 'signature.signature does not match the timestamp and token');
    }
    if (!UNIX_SECONDS.test(timestamp)) {
      return refused('bad_signature', 'signature.timestamp must be UNIX seconds');
    }
    if (Math.abs(this.options.now() - Number(timestamp) * 1000) > this.toleranceMs) {
      return refused('expired', `signature.timestamp ${timestamp} lies outside the tolerance`);
    }
    if (this.options.seenToken(token)) {
      return refused('replayed', 'signature.token was already used');
    }
    return VERIFIED;
  }
}
