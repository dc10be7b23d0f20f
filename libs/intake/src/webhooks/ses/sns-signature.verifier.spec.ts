import { generateKeyPairSync } from 'node:crypto';
import { SnsSignatureVerifier } from './sns-signature.verifier';
import type { CertificateSource, SnsVerifierOptions } from './sns-signature.verifier';
import { snsStringToSign } from './sns-string-to-sign';
import { readSnsEnvelope } from './sns-envelope';
import { SNS_TEST_CERTIFICATE_PEM } from '../testing/sns-test-certificate';
import {
  body,
  confirmationFields,
  documentedStringToSign,
  notificationFields,
  signed,
  TEST_CERT_URL,
  TEST_TOPIC_ARN,
} from '../testing/sns-messages';
import type { SnsFields } from '../testing/sns-messages';

const BOUNCE = { notificationType: 'Bounce', bounce: { bounceType: 'Permanent' }, mail: { messageId: 'm-1' } };

function verifierWith(options: Partial<SnsVerifierOptions> = {}) {
  const certificates = jest.fn<ReturnType<CertificateSource>, Parameters<CertificateSource>>(() =>
    Promise.resolve(SNS_TEST_CERTIFICATE_PEM),
  );
  return { verifier: new SnsSignatureVerifier({ certificates, ...options }), certificates };
}

async function verdictOf(fields: SnsFields, options: Partial<SnsVerifierOptions> = {}) {
  return verifierWith(options).verifier.verify(body(fields));
}

describe('SNS signature verification', () => {
  describe('the string to sign', () => {
    it('is the documented key/value lines for a Notification, ending with a newline', () => {
      const fields = notificationFields({ notificationType: 'Bounce' });
      const reading = readSnsEnvelope(body(signed(fields)));
      expect(reading.ok && snsStringToSign(reading.envelope)).toBe(
        `Message\n{"notificationType":"Bounce"}\nMessageId\n5b1f6c0e-2f37-4a4c-9f2a-8d1e3c0a9b11\n` +
          `Timestamp\n2024-03-05T10:11:12.345Z\nTopicArn\n${TEST_TOPIC_ARN}\nType\nNotification\n`,
      );
    });

    it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)(
      'signs SubscribeURL and Token for a %s',
      (type) => {
        const fields = confirmationFields(type);
        const reading = readSnsEnvelope(body(signed(fields)));
        expect(reading.ok && snsStringToSign(reading.envelope)).toBe(documentedStringToSign(fields));
        expect(reading.ok && snsStringToSign(reading.envelope)).toContain(`Token\n${fields.Token}\n`);
      },
    );
  });

  describe('accepts', () => {
    it.each(['1', '2'])('a Notification signed with signature version %s', async (version) => {
      const verdict = await verdictOf(signed(notificationFields(BOUNCE, { SignatureVersion: version })));
      expect(verdict).toMatchObject({ ok: true, envelope: { type: 'Notification', topicArn: TEST_TOPIC_ARN } });
    });

    it('a Notification whose signed fields include a Subject', async () => {
      const verdict = await verdictOf(signed(notificationFields(BOUNCE, { Subject: 'Amazon SES Email Event' })));
      expect(verdict).toMatchObject({ ok: true, envelope: { subject: 'Amazon SES Email Event' } });
    });

    it.each(['SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const)('a signed %s', async (type) => {
      const fields = confirmationFields(type);
      const verdict = await verdictOf(signed(fields));
      expect(verdict).toMatchObject({ ok: true, envelope: { type, token: fields.Token } });
    });

    it("Lambda's key spellings and a null Subject", async () => {
      const { SigningCertURL, UnsubscribeURL, ...rest } = signed(notificationFields(BOUNCE));
      const lambda = { ...rest, SigningCertUrl: SigningCertURL!, UnsubscribeUrl: UnsubscribeURL!, Subject: null };
      expect(await verdictOf(lambda)).toMatchObject({ ok: true });
    });

    it('a China-partition and a GovCloud certificate host', async () => {
      for (const host of ['sns.cn-north-1.amazonaws.com.cn', 'sns.us-gov-west-1.amazonaws.com']) {
        const url = `https://${host}/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem`;
        expect(await verdictOf(signed(notificationFields(BOUNCE, { SigningCertURL: url })))).toMatchObject({
          ok: true,
        });
      }
    });

    it('a certificate on an origin the options trust, even over http', async () => {
      const url = 'http://localhost:4566/_aws/sns/SimpleNotificationService-test.pem';
      const fields = signed(notificationFields(BOUNCE, { SigningCertURL: url }));
      expect(await verdictOf(fields, { trustedOrigins: ['http://localhost:4566'] })).toMatchObject({ ok: true });
    });

    it('a message from an allowed topic', async () => {
      const verdict = await verdictOf(signed(notificationFields(BOUNCE)), { topicArns: [TEST_TOPIC_ARN] });
      expect(verdict.ok).toBe(true);
    });
  });

  describe('refuses', () => {
    it('a tampered Message', async () => {
      const fields = signed(notificationFields(BOUNCE));
      const tampered = { ...fields, Message: fields.Message!.replace('Permanent', 'Transient') };
      expect(await verdictOf(tampered)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('a Subject added after signing', async () => {
      const fields = { ...signed(notificationFields(BOUNCE)), Subject: 'added' };
      expect(await verdictOf(fields)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('an UnsubscribeConfirmation signed without its Token', async () => {
      const fields = confirmationFields('UnsubscribeConfirmation');
      const { Token, ...withoutToken } = fields;
      const signedWithoutToken = { ...signed(withoutToken), Token: Token! };
      expect(await verdictOf(signedWithoutToken)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('a signature made with another key', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const verdict = await verdictOf(signed(notificationFields(BOUNCE), privateKey));
      expect(verdict).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('a version 2 signature declared as version 1', async () => {
      const fields = { ...signed(notificationFields(BOUNCE)), SignatureVersion: '1' };
      expect(await verdictOf(fields)).toMatchObject({ ok: false, reason: 'bad_signature' });
    });

    it('an unknown signature version, without fetching the certificate', async () => {
      const { verifier, certificates } = verifierWith();
      const verdict = await verifier.verify(body(signed(notificationFields(BOUNCE, { SignatureVersion: '3' }))));
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'bad_signature',
        message: expect.stringContaining('SignatureVersion'),
      });
      expect(certificates).not.toHaveBeenCalled();
    });

    it.each([
      ['http', 'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-x.pem'],
      ['a foreign host', 'https://sns.evil.com/SimpleNotificationService-x.pem'],
      ['an S3 bucket on amazonaws.com', 'https://bucket.s3.amazonaws.com/SimpleNotificationService-x.pem'],
      ['an SNS-looking prefix of another host', 'https://sns.eu-west-1.amazonaws.com.evil.com/cert.pem'],
      ['a path that is not a .pem', 'https://sns.eu-west-1.amazonaws.com/cert.txt'],
      ['an explicit port', 'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-x.pem'],
      ['not a URL at all', 'sns.eu-west-1.amazonaws.com/cert.pem'],
    ])('a certificate URL that is %s, without fetching it', async (_case, url) => {
      const { verifier, certificates } = verifierWith();
      const verdict = await verifier.verify(body(signed(notificationFields(BOUNCE, { SigningCertURL: url }))));
      expect(verdict).toMatchObject({ ok: false, reason: 'untrusted_certificate_url' });
      expect(certificates).not.toHaveBeenCalled();
    });

    it('a raw message delivery (the bare SES document, unsigned)', async () => {
      const verifier = verifierWith().verifier;
      expect(await verifier.verify(JSON.stringify(BOUNCE))).toMatchObject({ ok: false, reason: 'missing_signature' });
      expect(await verifier.verify('not json')).toMatchObject({ ok: false, reason: 'missing_signature' });
    });

    it('an unknown message Type', async () => {
      const verdict = await verdictOf(signed(notificationFields(BOUNCE, { Type: 'Other' })));
      expect(verdict).toMatchObject({ ok: false, reason: 'bad_signature', message: expect.stringContaining('Type') });
    });

    it('a message from a topic that is not allowed', async () => {
      const verdict = await verdictOf(
        signed(notificationFields(BOUNCE, { TopicArn: 'arn:aws:sns:eu-west-1:9:other' })),
        {
          topicArns: [TEST_TOPIC_ARN],
        },
      );
      expect(verdict).toMatchObject({
        ok: false,
        reason: 'unauthorised',
        message: expect.stringContaining('TopicArn'),
      });
    });

    it('a confirmation whose SubscribeURL leaves SNS', async () => {
      const fields = {
        ...confirmationFields('SubscriptionConfirmation'),
        SubscribeURL: 'https://evil.example/confirm',
      };
      expect(await verdictOf(signed(fields))).toMatchObject({
        ok: false,
        reason: 'unauthorised',
        message: expect.stringContaining('SubscribeURL'),
      });
    });

    it('a message published longer ago than the freshness window', async () => {
      const now = () => Date.parse('2024-03-05T11:11:12.346Z');
      const fields = signed(notificationFields(BOUNCE));
      expect(await verdictOf(fields, { freshness: { maxAgeSeconds: 3600, now } })).toMatchObject({
        ok: false,
        reason: 'expired',
      });
      const fresh = () => Date.parse('2024-03-05T11:11:12.345Z');
      expect(await verdictOf(fields, { freshness: { maxAgeSeconds: 3600, now: fresh } })).toMatchObject({ ok: true });
    });
  });

  describe('certificates', () => {
    it('are fetched once per URL and then served from the cache', async () => {
      const { verifier, certificates } = verifierWith();
      await verifier.verify(body(signed(notificationFields(BOUNCE))));
      await verifier.verify(body(signed(notificationFields(BOUNCE, { MessageId: 'another' }))));
      expect(certificates).toHaveBeenCalledTimes(1);
      expect(certificates).toHaveBeenCalledWith(TEST_CERT_URL);
    });

    it('that cannot be fetched refuse the message without being cached, so the retry can succeed', async () => {
      const certificates = jest
        .fn<ReturnType<CertificateSource>, Parameters<CertificateSource>>()
        .mockRejectedValueOnce(new Error('connect ETIMEDOUT'))
        .mockResolvedValue(SNS_TEST_CERTIFICATE_PEM);
      const verifier = new SnsSignatureVerifier({ certificates });
      const message = body(signed(notificationFields(BOUNCE)));
      expect(await verifier.verify(message)).toMatchObject({
        ok: false,
        reason: 'certificate_unavailable',
        message: expect.stringContaining('ETIMEDOUT'),
      });
      expect(await verifier.verify(message)).toMatchObject({ ok: true });
    });

    it('that are not PEM certificates refuse the message', async () => {
      const verifier = new SnsSignatureVerifier({ certificates: () => Promise.resolve('<html>not found</html>') });
      expect(await verifier.verify(body(signed(notificationFields(BOUNCE))))).toMatchObject({
        ok: false,
        reason: 'certificate_unavailable',
      });
    });
  });
});
