import { createHmac } from 'node:crypto';
import { MailgunSignatureVerifier } from './mailgun-signature.verifier';
import { RecentTokens } from './recent-tokens';

// The reference's self-computed vector (reference/esp-webhooks.md 3.2).
const KEY = 'key-example-signing-key-0123456789';
const SIGNATURE = {
  timestamp: '1700000000',
  token: '0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182',
  signature: '578bb2f4a8f67f3ea1e45af6de81e6014f438b77a4e6273f372d59fd3db17302',
};
const AT_SIGNING = () => 1700000000 * 1000;

function verifier(now = AT_SIGNING, tokens = new RecentTokens()) {
  const seenToken = jest.fn((token: string) => tokens.seen(token));
  return { verifier: new MailgunSignatureVerifier({ signingKey: KEY, now, seenToken }), seenToken };
}

const payload = (signature: object) => ({ signature, 'event-data': { event: 'delivered' } });

describe('Mailgun webhook signatures', () => {
  it('accepts the reference vector: HMAC-SHA256 of timestamp + token under the signing key', () => {
    expect(verifier().verifier.verify(payload(SIGNATURE))).toEqual({ ok: true });
  });

  it('accepts the signature in upper-case hex', () => {
    const upper = { ...SIGNATURE, signature: SIGNATURE.signature.toUpperCase() };
    expect(verifier().verifier.verify(payload(upper))).toEqual({ ok: true });
  });

  it.each([
    ['a changed token', { ...SIGNATURE, token: `${SIGNATURE.token.slice(0, -1)}3` }],
    ['a changed timestamp', { ...SIGNATURE, timestamp: '1700000001' }],
    ['a signature that is not hex', { ...SIGNATURE, signature: 'z'.repeat(64) }],
    ['a truncated signature', { ...SIGNATURE, signature: SIGNATURE.signature.slice(0, 63) }],
    [
      'a signature under another key',
      {
        ...SIGNATURE,
        signature: createHmac('sha256', 'another-key')
          .update('1700000000' + SIGNATURE.token)
          .digest('hex'),
      },
    ],
  ])('refuses %s as a bad signature, and remembers no token for it', (_case, signature) => {
    const { verifier: mailgun, seenToken } = verifier();
    expect(mailgun.verify(payload(signature))).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(seenToken).not.toHaveBeenCalled();
  });

  it('refuses an authentic request replayed with the same token', () => {
    const { verifier: mailgun } = verifier();
    expect(mailgun.verify(payload(SIGNATURE))).toEqual({ ok: true });
    expect(mailgun.verify(payload(SIGNATURE))).toEqual({
      ok: false,
      reason: 'replayed',
      message: 'signature.token was already used',
    });
  });

  it('refuses an authentic request signed outside the tolerance, without remembering its token', () => {
    const { verifier: late, seenToken } = verifier(() => (1700000000 + 301) * 1000);
    expect(late.verify(payload(SIGNATURE))).toMatchObject({ ok: false, reason: 'expired' });
    expect(seenToken).not.toHaveBeenCalled();
    expect(verifier(() => (1700000000 + 300) * 1000).verifier.verify(payload(SIGNATURE))).toEqual({ ok: true });
  });

  it.each([
    ['the signature object', { 'event-data': {} }, 'signature is missing'],
    ['the timestamp', payload({ ...SIGNATURE, timestamp: undefined }), 'signature.timestamp is missing'],
    ['the token', payload({ ...SIGNATURE, token: '' }), 'signature.token is missing'],
    ['the signature', payload({ ...SIGNATURE, signature: undefined }), 'signature.signature is missing'],
  ])('refuses a request without %s, naming it', (_case, body, message) => {
    expect(verifier().verifier.verify(body)).toEqual({ ok: false, reason: 'missing_signature', message });
  });

  it('refuses to start without a signing key', () => {
    expect(() => new MailgunSignatureVerifier({ signingKey: '', now: AT_SIGNING, seenToken: () => false })).toThrow(
      'signing key',
    );
  });
});

describe('RecentTokens', () => {
  it('answers false the first time and true after', () => {
    const tokens = new RecentTokens();
    expect(tokens.seen('a')).toBe(false);
    expect(tokens.seen('a')).toBe(true);
    expect(tokens.seen('b')).toBe(false);
  });

  it('stays within its capacity, forgetting the oldest token first', () => {
    const tokens = new RecentTokens(2);
    tokens.seen('a');
    tokens.seen('b');
    tokens.seen('c');
    expect(tokens.seen('c')).toBe(true);
    expect(tokens.seen('a')).toBe(false);
  });
});
