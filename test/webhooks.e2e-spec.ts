import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControllableClock } from './support/controllable-clock';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

/**
 * Provider webhooks end to end: signed requests are recorded once (a redelivery is a duplicate), refused ones change
 * nothing and are counted, and one bad item never drops the others.
 */

const NOW = '2026-03-01T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:ses-feedback';
const MAILGUN_KEY = 'key-mailgun-signing-0123456789';
const BODY_LIMIT = 64 * 1024;
const POSTMARK = { username: 'postmark', password: 'correct horse battery' };

/** A throw-away self-signed certificate standing in for SNS's, as the AWS documentation suggests for tests. */
function snsTestCertificate(): { certificate: string; privateKey: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sns-cert-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sns.test.invalid'].concat([
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ]),
      { stdio: 'ignore' },
    );
    return {
      certificate: readFileSync(join(dir, 'cert.pem'), 'utf8'),
      privateKey: readFileSync(join(dir, 'key.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The AWS documentation's string to sign, written out here so the service's verifier is checked against it. */
function snsStringToSign(fields: Record<string, string>): string {
  const keys =
    fields.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((key) => fields[key] !== undefined)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

const sesBounce = (address: string, feedbackId: string) => ({
  notificationType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'NoEmail',
    bouncedRecipients: [
      {
        emailAddress: address,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: `smtp; 550 5.1.1 <${address}>: Recipient address rejected: User unknown`,
      },
    ],
    timestamp: '2026-03-01T11:59:00.000Z',
    feedbackId,
  },
  mail: { timestamp: '2026-03-01T11:58:00.000Z', messageId: '0102018e0f39-1111', destination: [address] },
});

const sendgridEvents = [
  {
    email: 'Delivered@Example.org',
    timestamp: NOW_SECONDS - 60,
    event: 'delivered',
    sg_event_id: 'sg-delivered-1',
    sg_message_id: 'msg1.filter',
    response: '250 OK',
  },
  { timestamp: NOW_SECONDS - 50, event: 'bounce', sg_event_id: 'sg-no-email' },
  {
    email: 'gone-sg@example.org',
    timestamp: NOW_SECONDS - 40,
    event: 'bounce',
    type: 'bounce',
    status: '5.1.1',
    reason: '550 5.1.1 The email account that you tried to reach does not exist',
    bounce_classification: 'Invalid Address',
    sg_event_id: 'sg-bounce-1',
    sg_message_id: 'msg2.filter',
  },
  { email: 'x@example.org', timestamp: NOW_SECONDS - 30, event: 'brand_new_event', sg_event_id: 'sg-new-1' },
];

const mailgunFailure = (id: string, address: string) => ({
  event: 'failed',
  severity: 'permanent',
  reason: 'bounce',
  id,
  timestamp: NOW_SECONDS - 20,
  recipient: address,
  'delivery-status': {
    code: 550,
    'enhanced-code': '5.1.1',
    message: '5.1.1 The email account that you tried to reach does not exist.',
    description: '',
  },
  message: { headers: { 'message-id': 'mg-1@mg.example.com' } },
});

const postmarkHardBounce = {
  RecordType: 'Bounce',
  MessageStream: 'outbound',
  ID: 4323372036,
  Type: 'HardBounce',
  MessageID: '883953f4-6105-42a2-a16a-77a8eac79483',
  Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
  Email: 'gone-pm@example.org',
  BouncedAt: '2026-03-01T06:58:00-05:00',
};

describe('provider webhooks', () => {
  let app: TestApp;
  let certificateServer: Server;
  let origin: string;
  const confirmations: string[] = [];
  const sns = snsTestCertificate();
  const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  beforeAll(async () => {
    certificateServer = createServer((request, response) => {
      if (request.url?.startsWith('/confirm') === true) {
        confirmations.push(request.url);
        response.end('<ConfirmSubscriptionResponse/>');
        return;
      }
      response.end(request.url === '/SimpleNotificationService-test.pem' ? sns.certificate : 'not found');
    });
    await new Promise<void>((resolve) => certificateServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(certificateServer.address() as AddressInfo).port}`;
    app = await startTestApp(
      {
        SES_WEBHOOK_TOPIC_ARNS: TOPIC,
        SES_WEBHOOK_TRUSTED_ORIGINS: origin,
        SES_WEBHOOK_AUTO_CONFIRM: 'true',
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
        MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
        POSTMARK_WEBHOOK_USERNAME: POSTMARK.username,
        POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
      },
      { clock: new ControllableClock(Date.parse(NOW)) },
    );
  });

  afterAll(async () => {
    await app.close();
    await new Promise((resolve) => certificateServer.close(resolve));
  });

  async function metric(line: string): Promise<number> {
    const text = String((await app.request('GET', '/metrics')).body);
    const found = text.split('\n').find((each) => each.startsWith(line));
    return found === undefined ? 0 : Number(found.slice(line.length).trim());
  }

  async function nothingRecordedFor(address: string): Promise<void> {
    const history = await app.request('GET', `/v1/recipients/${address}/history`);
    expect(history.status === 404 || history.body?.events?.length === 0).toBe(true);
  }

  describe('Amazon SES through SNS', () => {
    function snsMessage(fields: Record<string, string>, key: string | KeyObject = sns.privateKey): string {
      const all = { SignatureVersion: '2', SigningCertURL: `${origin}/SimpleNotificationService-test.pem`, ...fields };
      const signature = sign('sha256', Buffer.from(snsStringToSign(all), 'utf8'), key).toString('base64');
      return JSON.stringify({ ...all, Signature: signature });
    }
    const notification = (document: object, overrides: Record<string, string> = {}) => ({
      Type: 'Notification',
      MessageId: '5b1f6c0e-2f37-4a4c-9f2a-8d1e3c0a9b11',
      TopicArn: TOPIC,
      Message: JSON.stringify(document),
      Timestamp: '2026-03-01T11:59:30.000Z',
      ...overrides,
    });
    const post = (body: string) =>
      app.request('POST', '/v1/webhooks/ses', body, { 'content-type': 'text/plain; charset=UTF-8' });

    it('records a signed bounce posted as text/plain, and its redelivery is a duplicate', async () => {
      const body = snsMessage(notification(sesBounce('Gone-SES@Example.org', 'feedback-1')));
      const first = await post(body);
      expect(first.status).toBe(200);
      expect(first.body.results).toEqual([
        expect.objectContaining({ index: 0, result: 'recorded', kind: 'bounce', address: 'gone-ses@example.org' }),
      ]);
      expect(first.body.results[0].status).toBe('suppressed');
      const again = await post(body);
      expect(again.body.results[0]).toMatchObject({ result: 'duplicate', eventId: first.body.results[0].eventId });
      expect(await metric('webhook_verifications_total{provider="ses",outcome="verified"}')).toBe(2);
    });

    it('refuses a tampered, an expired, a foreign-topic and an unsigned message, recording nothing', async () => {
      const signed = JSON.parse(snsMessage(notification(sesBounce('tampered@example.org', 'feedback-2')))) as Record<
        string,
        string
      >;
      const tampered = { ...signed, Message: signed.Message!.replace('tampered@', 'other@') };
      expect((await post(JSON.stringify(tampered))).status).toBe(401);
      const expired = snsMessage(
        notification(sesBounce('tampered@example.org', 'feedback-3'), { Timestamp: '2026-03-01T09:00:00.000Z' }),
      );
      const refusal = await post(expired);
      expect(refusal.status).toBe(401);
      expect(refusal.headers.get('content-type')).toContain('application/problem+json');
      expect(refusal.body.detail).toContain('expired');
      const foreign = snsMessage(
        notification(sesBounce('tampered@example.org', 'feedback-4'), { TopicArn: `${TOPIC}-other` }),
      );
      expect((await post(foreign)).status).toBe(403);
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
      expect((await post(snsMessage(notification(sesBounce('tampered@example.org', 'f5')), otherKey))).status).toBe(
        401,
      );
      expect((await post(JSON.stringify(sesBounce('tampered@example.org', 'raw')))).status).toBe(401);
      await nothingRecordedFor('tampered@example.org');
      await nothingRecordedFor('other@example.org');
      expect(await metric('webhook_verifications_total{provider="ses",outcome="bad_signature"}')).toBe(2);
      expect(await metric('webhook_verifications_total{provider="ses",outcome="expired"}')).toBe(1);
      expect(await metric('webhook_verifications_total{provider="ses",outcome="unauthorised"}')).toBe(1);
      expect(await metric('webhook_verifications_total{provider="ses",outcome="missing_signature"}')).toBe(1);
    });

    it('accepts and counts an event type it does not know', async () => {
      const before = await metric('webhook_unknown_event_types_total{provider="ses"}');
      const answer = await post(snsMessage(notification({ eventType: 'Teleport', mail: {} }, { MessageId: 'm-9' })));
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([{ index: 0, result: 'ignored', reason: 'unknown_type:Teleport' }]);
      expect(await metric('webhook_unknown_event_types_total{provider="ses"}')).toBe(before + 1);
    });

    it('confirms a verified subscription by fetching its SubscribeURL', async () => {
      const confirmation = snsMessage({
        Type: 'SubscriptionConfirmation',
        MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
        Token: 'token-1',
        TopicArn: TOPIC,
        Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
        SubscribeURL: `${origin}/confirm?Token=token-1`,
        Timestamp: '2026-03-01T11:59:30.000Z',
      });
      const answer = await post(confirmation);
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([{ index: 0, result: 'ignored', reason: 'subscription_confirmation' }]);
      expect(confirmations).toEqual(['/confirm?Token=token-1']);
    });

    it('takes text/plain on this route only', async () => {
      const elsewhere = await app.request('POST', '/v1/bounces', 'hello', { 'content-type': 'text/plain' });
      expect(elsewhere.status).toBe(415);
    });
  });

  describe('SendGrid', () => {
    const signedHeaders = (body: string, timestamp = String(NOW_SECONDS)) => ({
      'content-type': 'application/json',
      'x-twilio-email-event-webhook-timestamp': timestamp,
      'x-twilio-email-event-webhook-signature': sign(
        'sha256',
        Buffer.from(timestamp + body, 'utf8'),
        sendgridKeys.privateKey,
      ).toString('base64'),
    });
    // Spacing SendGrid's serialiser might use and Node's would not: the signature is over these exact bytes.
    const batch = JSON.stringify(sendgridEvents, null, 1);

    it('records a batch item by item: a bad item in the middle is invalid, the others are recorded', async () => {
      const before = await metric('webhook_unknown_event_types_total{provider="sendgrid"}');
      const answer = await app.request('POST', '/v1/webhooks/sendgrid', batch, signedHeaders(batch));
      expect(answer.status).toBe(200);
      expect(answer.body.results.map((item: { result: string }) => item.result)).toEqual([
        'recorded',
        'invalid',
        'recorded',
        'ignored',
      ]);
      expect(answer.body.results[0]).toMatchObject({ address: 'delivered@example.org', kind: 'delivery' });
      expect(answer.body.results[1].field).toBe('[1].email');
      expect(answer.body.results[2]).toMatchObject({ address: 'gone-sg@example.org', status: 'suppressed' });
      expect(answer.body.results[3]).toMatchObject({ reason: 'unknown_type:brand_new_event' });
      expect(await metric('webhook_unknown_event_types_total{provider="sendgrid"}')).toBe(before + 1);
      const again = await app.request('POST', '/v1/webhooks/sendgrid', batch, signedHeaders(batch));
      expect(again.body.results.map((item: { result: string }) => item.result)).toEqual([
        'duplicate',
        'invalid',
        'duplicate',
        'ignored',
      ]);
    });

    it('refuses a tampered body and an expired signature, recording nothing', async () => {
      const body = JSON.stringify([{ ...sendgridEvents[2], email: 'sg-tampered@example.org', sg_event_id: 'sg-t' }]);
      const headers = signedHeaders(body);
      const tampered = body.replace('sg-tampered@', 'sg-other@');
      expect((await app.request('POST', '/v1/webhooks/sendgrid', tampered, headers)).status).toBe(401);
      const old = String(NOW_SECONDS - 3600);
      const expired = await app.request('POST', '/v1/webhooks/sendgrid', body, signedHeaders(body, old));
      expect(expired.status).toBe(401);
      expect(expired.body.detail).toContain('expired');
      await nothingRecordedFor('sg-tampered@example.org');
      await nothingRecordedFor('sg-other@example.org');
      expect(await metric('webhook_verifications_total{provider="sendgrid",outcome="bad_signature"}')).toBe(1);
      expect(await metric('webhook_verifications_total{provider="sendgrid",outcome="expired"}')).toBe(1);
    });

    it('keeps the raw body within the body limit', async () => {
      const body = JSON.stringify([{ ...sendgridEvents[0], padding: 'x'.repeat(BODY_LIMIT) }]);
      const answer = await app.request('POST', '/v1/webhooks/sendgrid', body, signedHeaders(body));
      expect(answer.status).toBe(413);
      expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    });
  });

  describe('Mailgun', () => {
    const signed = (eventData: object, token: string, timestamp = String(NOW_SECONDS)) => ({
      signature: {
        timestamp,
        token,
        signature: createHmac('sha256', MAILGUN_KEY)
          .update(timestamp + token)
          .digest('hex'),
      },
      'event-data': eventData,
    });

    it('records a signed failure once; a replayed token is refused; a redelivery with a new token is a duplicate', async () => {
      const body = signed(mailgunFailure('mg-ev-1', 'gone-mg@example.org'), 'token-a');
      const first = await app.request('POST', '/v1/webhooks/mailgun', body);
      expect(first.status).toBe(200);
      expect(first.body.results[0]).toMatchObject({ result: 'recorded', address: 'gone-mg@example.org' });
      const replayed = await app.request('POST', '/v1/webhooks/mailgun', body);
      expect(replayed.status).toBe(401);
      expect(replayed.body.detail).toContain('replayed');
      const redelivered = signed(mailgunFailure('mg-ev-1', 'gone-mg@example.org'), 'token-b');
      expect((await app.request('POST', '/v1/webhooks/mailgun', redelivered)).body.results[0].result).toBe('duplicate');
    });

    it('refuses a forged signature and an expired timestamp, recording nothing', async () => {
      const forged = signed(mailgunFailure('mg-ev-2', 'mg-forged@example.org'), 'token-c');
      forged.signature.signature = createHmac('sha256', 'another-key').update('x').digest('hex');
      expect((await app.request('POST', '/v1/webhooks/mailgun', forged)).status).toBe(401);
      const old = String(NOW_SECONDS - 3600);
      const expired = signed(mailgunFailure('mg-ev-3', 'mg-forged@example.org'), 'token-d', old);
      expect((await app.request('POST', '/v1/webhooks/mailgun', expired)).status).toBe(401);
      await nothingRecordedFor('mg-forged@example.org');
      expect(await metric('webhook_verifications_total{provider="mailgun",outcome="replayed"}')).toBe(1);
      expect(await metric('webhook_verifications_total{provider="mailgun",outcome="expired"}')).toBe(1);
    });
  });

  describe('Postmark', () => {
    const basic = (username: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
    });

    it('records a hard bounce sent with the configured credentials; a redelivery is a duplicate', async () => {
      const headers = basic(POSTMARK.username, POSTMARK.password);
      const first = await app.request('POST', '/v1/webhooks/postmark', postmarkHardBounce, headers);
      expect(first.status).toBe(200);
      expect(first.body.results[0]).toMatchObject({ result: 'recorded', address: 'gone-pm@example.org' });
      const again = await app.request('POST', '/v1/webhooks/postmark', postmarkHardBounce, headers);
      expect(again.body.results[0].result).toBe('duplicate');
    });

    it('refuses text a store cannot hold in a provider payload, naming the field and recording nothing', async () => {
      const body = {
        ...postmarkHardBounce,
        Email: 'pm-nul@example.org',
        ID: 2,
        Details: 'smtp;550 5.1.1 no\u0000user',
      };
      const response = await app.request(
        'POST',
        '/v1/webhooks/postmark',
        body,
        basic(POSTMARK.username, POSTMARK.password),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'Details', message: 'contains U+0000 (NUL), which cannot be stored' },
      ]);
      await nothingRecordedFor('pm-nul@example.org');
    });

    it('refuses wrong and missing credentials, recording nothing', async () => {
      const body = { ...postmarkHardBounce, Email: 'pm-refused@example.org', ID: 1 };
      const wrong = await app.request('POST', '/v1/webhooks/postmark', body, basic(POSTMARK.username, 'guess'));
      expect(wrong.status).toBe(403);
      expect((await app.request('POST', '/v1/webhooks/postmark', body, { authorization: '' })).status).toBe(401);
      await nothingRecordedFor('pm-refused@example.org');
      expect(await metric('webhook_verifications_total{provider="postmark",outcome="unauthorised"}')).toBe(1);
    });
  });

  describe('complaints and unsubscribes', () => {
    it('records a complaint and an unsubscribe, one by one and in a batch', async () => {
      const complaint = await app.client.api.POST('/v1/complaints', {
        body: {
          address: 'Complainer@Example.org',
          occurredAt: '2026-03-01T11:00:00Z',
          source: 'ARF',
          feedbackType: 'abuse',
        },
      });
      expect(complaint.response.status).toBe(201);
      expect(complaint.data).toMatchObject({ address: 'complainer@example.org', recorded: true });
      const unsubscribe = await app.client.api.POST('/v1/unsubscribes', {
        body: {
          address: 'leaver@example.org',
          occurredAt: '2026-03-01T11:00:00Z',
          method: 'one_click',
          list: 'newsletter',
        },
      });
      expect(unsubscribe.response.status).toBe(201);
      // The second item lacks its method, which the client's types would refuse: sent raw.
      const batch = await app.request('POST', '/v1/events:batch', {
        events: [
          { type: 'complaint', address: 'batch-complainer@example.org', occurredAt: '2026-03-01T11:00:00Z' },
          { type: 'unsubscribe', address: 'batch-leaver@example.org', occurredAt: '2026-03-01T11:00:00Z' },
        ],
      });
      expect(batch.body.results[0].status).toBe(201);
      expect(batch.body.results[1]).toMatchObject({ status: 400 });
      expect(batch.body.results[1].error.errors).toEqual([expect.objectContaining({ field: 'events[1].method' })]);
    });

    it('names every bad field', async () => {
      const complaint = await app.request('POST', '/v1/complaints', {
        address: 'not an address',
        occurredAt: '2026-03-01 11:00',
        feedbackType: '',
        extra: 1,
      });
      expect(complaint.status).toBe(400);
      expect(complaint.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
        'address',
        'extra',
        'feedbackType',
        'occurredAt',
      ]);
      const unsubscribe = await app.request('POST', '/v1/unsubscribes', {
        address: 'a@example.org',
        occurredAt: '2026-03-01T11:00:00Z',
        method: 'carrier pigeon',
      });
      expect(unsubscribe.status).toBe(400);
      expect(unsubscribe.body.errors).toEqual([expect.objectContaining({ field: 'method' })]);
    });
  });
});

describe('a provider without its setting', () => {
  it('answers 404 naming the setting to configure', async () => {
    const app = await startTestApp();
    try {
      const answer = await app.request('POST', '/v1/webhooks/sendgrid', []);
      expect(answer.status).toBe(404);
      expect(answer.body.detail).toContain('SENDGRID_WEBHOOK_PUBLIC_KEY');
      expect(
        (await app.request('POST', '/v1/webhooks/ses', '{}', { 'content-type': 'text/plain' })).body.detail,
      ).toContain('SES_WEBHOOK_TOPIC_ARNS');
    } finally {
      await app.close();
    }
  });
});
