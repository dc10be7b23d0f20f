import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SendgridSignatureVerifier } from './sendgrid-signature.verifier';

// SendGrid's own test vector (reference/esp-webhooks.md 2.5).
const VECTOR = {
  publicKey:
    'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==',
  timestamp: '1588788367',
  body: '{"category":"example_payload","event":"test_event","message_id":"message_id"}',
  signature: 'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=',
};
const AT_VECTOR_TIME = () => Number(VECTOR.timestamp) * 1000;

function withByteChanged(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[index] = bytes[index]! ^ 0x01;
  return bytes.toString('base64');
}

function headers(signature: string, timestamp: string) {
  return {
    'x-twilio-email-event-webhook-signature': signature,
    'x-twilio-email-event-webhook-timestamp': timestamp,
  };
}

function ownKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKeyBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}

function signedBy(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign('sha256', Buffer.from(timestamp + body, 'utf8'), privateKey).toString('base64');
}

describe('SendGrid signed Event Webhook', () => {
  const vectorVerifier = new SendgridSignatureVerifier({ publicKey: VECTOR.publicKey, now: AT_VECTOR_TIME });

  it("accepts SendGrid's own test vector over the raw body", () => {
    expect(vectorVerifier.verify(headers(VECTOR.signature, VECTOR.timestamp), VECTOR.body)).toEqual({ ok: true });
    expect(vectorVerifier.verify(headers(VECTOR.signature, VECTOR.timestamp), Buffer.from(VECTOR.body))).toEqual({
      ok: true,
    });
  });

  it('reads the headers whatever their case', () => {
    const mixedCase = {
      'X-Twilio-Email-Event-Webhook-Signature': VECTOR.signature,
      'X-Twilio-Email-Event-Webhook-Timestamp': VECTOR.timestamp,
    };
    expect(vectorVerifier.verify(mixedCase, VECTOR.body)).toEqual({ ok: true });
  });

  it.each([
    ['another timestamp', VECTOR.signature, '1588788368', VECTOR.body],
    ['another body', VECTOR.signature, VECTOR.timestamp, 'payload'],
    ['the body re-serialised', VECTOR.signature, VECTOR.timestamp, JSON.stringify(JSON.parse(VECTOR.body), null, 1)],
    ['a changed signature byte', withByteChanged(VECTOR.signature, 40), VECTOR.timestamp, VECTOR.body],
    ['a signature that is not DER', 'bm90IGEgc2lnbmF0dXJl', VECTOR.timestamp, VECTOR.body],
  ])('refuses %s as a bad signature', (_case, signature, timestamp, body) => {
    expect(vectorVerifier.verify(headers(signature, timestamp), body)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('refuses a signature made with another key', () => {
    const { privateKey } = ownKeyPair();
    const signature = signedBy(privateKey, VECTOR.timestamp, VECTOR.body);
    expect(vectorVerifier.verify(headers(signature, VECTOR.timestamp), VECTOR.body)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it.each([
    ['signature', { 'x-twilio-email-event-webhook-timestamp': VECTOR.timestamp }, 'Signature'],
    ['timestamp', { 'x-twilio-email-event-webhook-signature': VECTOR.signature }, 'Timestamp'],
  ])('refuses a request without the %s header, naming it', (_case, requestHeaders, named) => {
    expect(vectorVerifier.verify(requestHeaders, VECTOR.body)).toMatchObject({
      ok: false,
      reason: 'missing_signature',
      message: expect.stringContaining(`Webhook-${named}`),
    });
  });

  it('trusts neither copy of a repeated signature header', () => {
    const repeated = {
      ...headers(VECTOR.signature, VECTOR.timestamp),
      'x-twilio-email-event-webhook-signature': [VECTOR.signature, 'x'],
    };
    expect(vectorVerifier.verify(repeated, VECTOR.body)).toMatchObject({ ok: false, reason: 'missing_signature' });
  });

  describe('with a key of our own', () => {
    const { privateKey, publicKeyBase64 } = ownKeyPair();
    const body = '[{"email":"ok@example.net","event":"delivered","timestamp":1709633470,"sg_event_id":"ZGVsaXZlcmVk"}]';
    const timestamp = '1709633500';
    const signature = signedBy(privateKey, timestamp, body);
    const at = (seconds: number) =>
      new SendgridSignatureVerifier({ publicKey: publicKeyBase64, now: () => seconds * 1000 });

    it('accepts a batch signed within the default tolerance of 300 s, either way', () => {
      expect(at(1709633500 + 300).verify(headers(signature, timestamp), body)).toEqual({ ok: true });
      expect(at(1709633500 - 300).verify(headers(signature, timestamp), body)).toEqual({ ok: true });
    });

    it('refuses an authentic batch signed longer ago than the tolerance', () => {
      expect(at(1709633500 + 301).verify(headers(signature, timestamp), body)).toMatchObject({
        ok: false,
        reason: 'expired',
      });
    });

    it('takes its tolerance from the options', () => {
      const strict = new SendgridSignatureVerifier({
        publicKey: publicKeyBase64,
        toleranceSeconds: 10,
        now: () => (1709633500 + 11) * 1000,
      });
      expect(strict.verify(headers(signature, timestamp), body)).toMatchObject({ ok: false, reason: 'expired' });
    });

    it('refuses a signed timestamp that is not UNIX seconds', () => {
      const odd = '2024-03-05T10:11:12Z';
      expect(at(1709633500).verify(headers(signedBy(privateKey, odd, body), odd), body)).toMatchObject({
        ok: false,
        reason: 'bad_signature',
        message: expect.stringContaining('UNIX seconds'),
      });
    });
  });

  it('refuses to start with a key that is not an ECDSA public key', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsa = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => new SendgridSignatureVerifier({ publicKey: rsa, now: Date.now })).toThrow('ECDSA');
    expect(() => new SendgridSignatureVerifier({ publicKey: 'bm90IGEga2V5', now: Date.now })).toThrow();
  });
});
