import { mapMailgunEvent } from './mailgun-event.mapping';

// The reference's permanent-failure fixture (reference/esp-webhooks.md 3.5).
const PERMANENT_FAILURE = {
  event: 'failed',
  severity: 'permanent',
  reason: 'bounce',
  'log-level': 'error',
  id: 'G9Bn5sl1TC6nu79C8C0bwg',
  timestamp: 1699999998.402871,
  recipient: 'gone@example.org',
  'recipient-domain': 'example.org',
  'delivery-status': {
    code: 550,
    'enhanced-code': '5.1.1',
    'attempt-no': 1,
    message: '5.1.1 The email account that you tried to reach does not exist.',
    description: '',
    'mx-host': 'mx.example.org',
    tls: true,
    'session-seconds': 0.41,
  },
  flags: { 'is-authenticated': true, 'is-test-mode': false },
  envelope: { sender: 'bounce@mg.example.com', targets: 'gone@example.org', transport: 'smtp' },
  message: {
    headers: {
      'message-id': '20231114221320.1a2b3c4d@mg.example.com',
      from: 'Example <noreply@mg.example.com>',
      to: 'gone@example.org',
      subject: 'Reset your password',
    },
    size: 4312,
  },
  'user-variables': { tenant: 'acme' },
  tags: [],
  campaigns: [],
};

const webhook = (eventData: object) => ({
  signature: { timestamp: '1700000000', token: 't', signature: 's' },
  'event-data': eventData,
});
const event = (fields: object) =>
  webhook({ id: 'ev-1', timestamp: 1700000000.5, recipient: 'someone@example.org', ...fields });

describe('Mailgun events', () => {
  it('a permanent failure becomes a bounce with the delivery status as evidence and the verdict', () => {
    expect(mapMailgunEvent(webhook(PERMANENT_FAILURE))).toEqual([
      {
        kind: 'bounce',
        address: 'gone@example.org',
        occurredAt: '2023-11-14T22:13:18.403Z',
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: 'mailgun',
        messageId: '20231114221320.1a2b3c4d@mg.example.com',
        smtp: {
          replyCode: 550,
          enhancedStatus: '5.1.1',
          diagnostic: '5.1.1 The email account that you tried to reach does not exist.',
        },
        providerVerdict: { provider: 'mailgun', type: 'permanent', subType: 'bounce' },
      },
    ]);
  });

  it('keeps the description and the DSN status of a bounce that came back after acceptance', () => {
    const delayed = {
      ...PERMANENT_FAILURE,
      reason: 'generic',
      flags: { 'is-delayed-bounce': true },
      'delivery-status': {
        code: 550,
        message: 'smtp; 550 mailbox gone',
        description: 'Recipient removed',
        'bounce-code': '5.1.1',
      },
    };
    expect(mapMailgunEvent(webhook(delayed))[0]).toMatchObject({
      smtp: { replyCode: 550, diagnostic: 'smtp; 550 mailbox gone Recipient removed' },
      providerVerdict: { subType: 'generic' },
      dsnStatus: '5.1.1',
    });
  });

  it("leaves Mailgun's own pseudo-codes (600 and above) out of the SMTP evidence", () => {
    const pseudo = { ...PERMANENT_FAILURE, reason: 'old', 'delivery-status': { code: 605, message: 'gave up' } };
    expect(mapMailgunEvent(webhook(pseudo))[0]).toMatchObject({ smtp: { diagnostic: 'gave up' } });
    expect(mapMailgunEvent(webhook(pseudo))[0]).not.toHaveProperty('smtp.replyCode');
  });

  it.each(['suppress-bounce', 'suppress-unsubscribe', 'suppress-complaint'])(
    "a permanent failure for %s echoes Mailgun's own list: ignored",
    (reason) => {
      expect(mapMailgunEvent(webhook({ ...PERMANENT_FAILURE, reason }))).toEqual([
        { kind: 'ignored', reason: `provider_suppression:${reason}`, address: 'gone@example.org' },
      ]);
    },
  );

  it('a temporary failure is a deferral: ignored', () => {
    expect(mapMailgunEvent(event({ event: 'failed', severity: 'temporary', reason: 'generic' }))).toEqual([
      { kind: 'ignored', reason: 'deferred', address: 'someone@example.org' },
    ]);
  });

  it('a failure without a severity is invalid, naming the field', () => {
    expect(mapMailgunEvent(event({ event: 'failed' }))).toEqual([
      { kind: 'invalid', field: 'event-data.severity', message: 'expected permanent or temporary on a failed event' },
    ]);
  });

  it.each([
    ['delivered', { kind: 'delivery' }],
    ['complained', { kind: 'complaint' }],
    ['unsubscribed', { kind: 'unsubscribe', method: 'provider' }],
  ])('%s becomes a %o', (type, expected) => {
    expect(mapMailgunEvent(event({ event: type }))).toEqual([
      {
        ...expected,
        address: 'someone@example.org',
        occurredAt: '2023-11-14T22:13:20.500Z',
        eventId: expect.any(String),
        source: 'mailgun',
      },
    ]);
  });

  it.each([
    ['accepted', 'accepted'],
    ['opened', 'opened'],
    ['clicked', 'clicked'],
    ['stored', 'stored'],
    ['rejected', 'rejected'],
    ['list_member_uploaded', 'unknown_type:list_member_uploaded'],
  ])('%s is ignored as %s', (type, reason) => {
    expect(mapMailgunEvent(event({ event: type }))).toEqual([
      { kind: 'ignored', reason, address: 'someone@example.org' },
    ]);
  });

  it.each([
    ['no event-data', { signature: {} }, 'event-data'],
    ['no event type', webhook({ recipient: 'x@example.org' }), 'event-data.event'],
    ['no recipient', webhook({ event: 'delivered', timestamp: 1700000000 }), 'event-data.recipient'],
    ['no timestamp', webhook({ event: 'delivered', recipient: 'x@example.org' }), 'event-data.timestamp'],
  ])('an event with %s is invalid, naming the field', (_case, body, field) => {
    expect(mapMailgunEvent(body)).toEqual([{ kind: 'invalid', field, message: expect.any(String) }]);
  });

  describe('redelivery', () => {
    it('gives the same event id, whatever signature the retry carries', () => {
      const retry = {
        ...webhook(PERMANENT_FAILURE),
        signature: { timestamp: '1700000600', token: 'u', signature: 'v' },
      };
      expect(mapMailgunEvent(retry)).toEqual(mapMailgunEvent(webhook(PERMANENT_FAILURE)));
    });

    it('gives another event id when Mailgun reuses an id on another day', () => {
      const [first] = mapMailgunEvent(webhook(PERMANENT_FAILURE));
      const [later] = mapMailgunEvent(
        webhook({ ...PERMANENT_FAILURE, timestamp: PERMANENT_FAILURE.timestamp + 86400 * 3 }),
      );
      expect(first?.kind === 'bounce' && later?.kind === 'bounce' && first.eventId !== later.eventId).toBe(true);
    });
  });
});
