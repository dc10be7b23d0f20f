import { PostmarkCredentialsVerifier } from './postmark-credentials.verifier';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const BASIC_AUTH = { username: 'postmark', password: 's3cret:with:colons' };
const SECRET_HEADER = { name: 'X-Webhook-Secret', value: 'a-long-shared-secret' };

describe('Postmark webhook credentials', () => {
  describe('with Basic auth', () => {
    const verifier = new PostmarkCredentialsVerifier({ basicAuth: BASIC_AUTH });

    it('accepts the configured credentials', () => {
      expect(verifier.verify({ authorization: basic('postmark:s3cret:with:colons') })).toEqual({ ok: true });
      expect(
        verifier.verify({ Authorization: `basic  ${Buffer.from('postmark:s3cret:with:colons').toString('base64')}` }),
      ).toEqual({
        ok: true,
      });
    });

    it.each([
      ['a wrong password', basic('postmark:s3cret')],
      ['a wrong user', basic('other:s3cret:with:colons')],
      ['another scheme', 'Bearer cG9zdG1hcms6czNjcmV0'],
    ])('refuses %s as unauthorised', (_case, authorization) => {
      expect(verifier.verify({ authorization })).toMatchObject({ ok: false, reason: 'unauthorised' });
    });

    it('refuses a request without credentials, naming the header', () => {
      expect(verifier.verify({})).toEqual({
        ok: false,
        reason: 'missing_signature',
        message: 'Authorization is missing',
      });
    });
  });

  describe('with a secret header', () => {
    const verifier = new PostmarkCredentialsVerifier({ secretHeader: SECRET_HEADER });

    it('accepts the configured secret, whatever the header name case', () => {
      expect(verifier.verify({ 'x-webhook-secret': 'a-long-shared-secret' })).toEqual({ ok: true });
    });

    it('refuses another secret, and a missing header', () => {
      expect(verifier.verify({ 'x-webhook-secret': 'a-long-shared-secreT' })).toMatchObject({
        ok: false,
        reason: 'unauthorised',
      });
      expect(verifier.verify({ 'x-webhook-secret': 'a' })).toMatchObject({ ok: false, reason: 'unauthorised' });
      expect(verifier.verify({})).toEqual({
        ok: false,
        reason: 'missing_signature',
        message: 'X-Webhook-Secret is missing',
      });
    });
  });

  describe('with both', () => {
    const verifier = new PostmarkCredentialsVerifier({ basicAuth: BASIC_AUTH, secretHeader: SECRET_HEADER });
    const goodBasic = basic('postmark:s3cret:with:colons');

    it('needs both to match', () => {
      expect(verifier.verify({ authorization: goodBasic, 'x-webhook-secret': SECRET_HEADER.value })).toEqual({
        ok: true,
      });
      expect(verifier.verify({ authorization: goodBasic, 'x-webhook-secret': 'wrong' })).toMatchObject({
        ok: false,
        reason: 'unauthorised',
      });
      expect(
        verifier.verify({ authorization: basic('postmark:x'), 'x-webhook-secret': SECRET_HEADER.value }),
      ).toMatchObject({
        ok: false,
        reason: 'unauthorised',
      });
      expect(verifier.verify({ authorization: goodBasic })).toMatchObject({ ok: false, reason: 'missing_signature' });
    });
  });

  it('refuses to start with nothing to check', () => {
    expect(() => new PostmarkCredentialsVerifier({})).toThrow('basic auth');
    expect(() => new PostmarkCredentialsVerifier({ secretHeader: { name: 'X-Secret', value: '' } })).toThrow('empty');
  });
});
