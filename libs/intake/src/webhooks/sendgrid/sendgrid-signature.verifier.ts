import { createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { singleHeader } from '../request-headers';
import type { RequestHeaders } from '../request-headers';
import { refused, VERIFIED } from '../webhook-verification';
import type { WebhookVerification } from '../webhook-verification';

export const SENDGRID_SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const SENDGRID_TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

const DEFAULT_TOLERANCE_SECONDS = 300;
const UNIX_SECONDS = /^\d{1,12}$/;

export interface SendgridVerifierOptions {
  /** The verification key from the SendGrid settings: base64 DER SubjectPublicKeyInfo of a P-256 key. */
  publicKey: string;
  /** How far the signed timestamp may lie from now, either way. Default 300 s. */
  toleranceSeconds?: number;
  /** Epoch milliseconds. */
  now: () => number;
}

/**
 * SendGrid's signed Event Webhook: ECDSA P-256 / SHA-256 over the timestamp header followed by the raw body bytes,
 * with the signature as base64 DER. The raw body, never re-serialised JSON, is what was signed.
 */
export class SendgridSignatureVerifier {
  private readonly key: KeyObject;
  private readonly toleranceMs: number;

  constructor(private readonly options: SendgridVerifierOptions) {
    this.key = createPublicKey({ key: Buffer.from(options.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (this.key.asymmetricKeyType !== 'ec') {
      throw new TypeError('the SendGrid verification key must be an ECDSA (P-256) public key');
    }
    this.toleranceMs = (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS) * 1000;
  }

  verify(headers: RequestHeaders, rawBody: string | Uint8Array): WebhookVerification {
    const signature = singleHeader(headers, SENDGRID_SIGNATURE_HEADER);
    const timestamp = singleHeader(headers, SENDGRID_TIMESTAMP_HEADER);
    if (signature === undefined || signature === '') {
      return refused('missing_signature', `${SENDGRID_SIGNATURE_HEADER} is missing`);
    }
    if (timestamp === undefined || timestamp === '') {
      return refused('missing_signature', `${SENDGRID_TIMESTAMP_HEADER} is missing`);
    }
    const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    if (!signatureMatches(signed, this.key, signature)) {
      return refused('bad_signature', `${SENDGRID_SIGNATURE_HEADER} does not match the timestamp and body`);
    }
    if (!UNIX_SECONDS.test(timestamp)) {
      return refused('bad_signature', `${SENDGRID_TIMESTAMP_HEADER} must be UNIX seconds`);
    }
    if (Math.abs(this.options.now() - Number(timestamp) * 1000) > this.toleranceMs) {
      return refused('expired', `${SENDGRID_TIMESTAMP_HEADER} ${timestamp} lies outside the tolerance`);
    }
    return VERIFIED;
  }
}

function signatureMatches(signed: Uint8Array, key: KeyObject, signature: string): boolean {
  try {
    return verify('sha256', signed, key, Buffer.from(signature, 'base64'));
  } catch {
    // Not a DER signature at all.
    return false;
  }
}
