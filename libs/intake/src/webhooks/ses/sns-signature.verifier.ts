import { verify, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { refused } from '../webhook-verification';
import type { VerificationFailure } from '../webhook-verification';
import { isoFromTimestamp } from '../provider-time';
import { readSnsEnvelope } from './sns-envelope';
import type { SnsEnvelope, SnsEnvelopeReading } from './sns-envelope';
import { snsStringToSign } from './sns-string-to-sign';
import { untrustedSnsUrl } from './sns-url';

/** Fetches the PEM certificate at a `SigningCertURL` (the app does it, over HTTPS with normal TLS validation). */
export type CertificateSource = (url: string) => Promise<string>;

export interface SnsVerifierOptions {
  certificates: CertificateSource;
  /** When given, only messages from these topics are accepted (the signature proves SNS sent it, not whose topic). */
  topicArns?: readonly string[];
  /** Origins trusted besides SNS hosts, e.g. `http://localhost:4566` for a local emulator. Empty by default. */
  trustedOrigins?: readonly string[];
  /** When given, messages published longer ago than `maxAgeSeconds` are refused as expired. */
  freshness?: { maxAgeSeconds: number; now: () => number };
  /** Certificates kept parsed, by URL; SNS rotates them rarely and the URL changes when it does. */
  certificateCacheSize?: number;
}

const ALGORITHMS: Readonly<Record<string, string>> = { '1': 'sha1', '2': 'sha256' };
const DEFAULT_CERTIFICATE_CACHE_SIZE = 16;

/**
 * Verifies SNS messages as AWS documents it: signature version 1 (SHA1withRSA) or 2 (SHA256withRSA) over the string
 * to sign, with the certificate at a `SigningCertURL` on an SNS host. Confirmation messages must also point their
 * `SubscribeURL` at SNS, since the app GETs it to confirm.
 */
export class SnsSignatureVerifier {
  private readonly keys: LRUCache<string, KeyObject>;
  private readonly trustedOrigins: readonly string[];

  constructor(private readonly options: SnsVerifierOptions) {
    this.keys = new LRUCache({ max: options.certificateCacheSize ?? DEFAULT_CERTIFICATE_CACHE_SIZE });
    this.trustedOrigins = options.trustedOrigins ?? [];
  }

  async verify(rawBody: string): Promise<SnsEnvelopeReading> {
    const reading = readSnsEnvelope(rawBody);
    if (!reading.ok) {
      return reading;
    }
    const { envelope } = reading;
    const algorithm = ALGORITHMS[envelope.signatureVersion];
    if (algorithm === undefined) {
      return refused('bad_signature', 'SignatureVersion must be "1" or "2"');
    }
    const certificateProblem = untrustedSnsUrl(envelope.signingCertUrl, this.trustedOrigins, 'certificate');
    if (certificateProblem !== undefined) {
      return refused('untrusted_certificate_url', `SigningCertURL ${certificateProblem}`);
    }
    const key = await this.publicKey(envelope.signingCertUrl);
    if (typeof key === 'string') {
      return refused('certificate_unavailable', key);
    }
    if (!signatureMatches(algorithm, snsStringToSign(envelope), key, envelope.signature)) {
      return refused('bad_signature', 'Signature does not match the signed fields');
    }
    return this.acceptable(envelope) ?? reading;
  }

  /** The checks that only mean something once the message is known to come from SNS. */
  private acceptable(envelope: SnsEnvelope): VerificationFailure | undefined {
    const { topicArns, freshness } = this.options;
    if (topicArns !== undefined && !topicArns.includes(envelope.topicArn)) {
      return refused('unauthorised', `TopicArn ${envelope.topicArn} is not an accepted topic`);
    }
    if (envelope.subscribeUrl !== undefined) {
      const problem = untrustedSnsUrl(envelope.subscribeUrl, this.trustedOrigins, 'subscription');
      if (problem !== undefined) {
        return refused('unauthorised', `SubscribeURL ${problem}`);
      }
    }
    if (freshness !== undefined) {
      const published = isoFromTimestamp(envelope.timestamp);
      if (published === undefined) {
        return refused('bad_signature', 'Timestamp is not an ISO 8601 time with a zone');
      }
      if (freshness.now() - Date.parse(published) > freshness.maxAgeSeconds * 1000) {
        return refused('expired', `Timestamp ${envelope.timestamp} is older than ${freshness.maxAgeSeconds} s`);
      }
    }
    return undefined;
  }

  /** The certificate's public key, or why there is none. A failed fetch is not cached: SNS retries. */
  private async publicKey(url: string): Promise<KeyObject | string> {
    const cached = this.keys.get(url);
    if (cached !== undefined) {
      return cached;
    }
    let pem: string;
    try {
      pem = await this.options.certificates(url);
    } catch (error) {
      return `the certificate at SigningCertURL could not be fetched: ${error instanceof Error ? error.message : String(error)}`;
    }
    try {
      const key = new X509Certificate(pem).publicKey;
      this.keys.set(url, key);
      return key;
    } catch {
      return 'SigningCertURL did not return a PEM certificate';
    }
  }
}

function signatureMatches(algorithm: string, stringToSign: string, key: KeyObject, signature: string): boolean {
  try {
    return verify(algorithm, Buffer.from(stringToSign, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    // A certificate whose key cannot make this kind of signature: no signature verifies.
    return false;
  }
}
