import { mapSendgridEvents } from './sendgrid-events.mapping';

// The reference's example batch (reference/esp-webhooks.md 2.6).
const HARD_BOUNCE = {
  email: 'gone@example.org',
  timestamp: 1709633470,
  'smtp-id': '<a1b2c3@mail.example.com>',
  event: 'bounce',
  type: 'bounce',
  bounce_classification: 'Invalid Address',
  reason: '550 5.1.1 The email account that you tried to reach does not exist.',
  status: '5.1.1',
  sg_event_id: 'Ym91bmNlLTAtMTIzNDU2',
  sg_message_id: 'Qx9pZk2sT3uQ1a2b3c4d5e.recvd-abc-1-65E6F000-1.0',
  tls: 1,
  category: ['password-reset'],
  tenant: 'acme',
};
const DEFERRED = {
  email: 'busy@example.net',
  timestamp: 1709633471,
  event: 'deferred',
  response: '421 4.7.28 Gmail has detected an unusual rate of email ...',
  attempt: '3',
  sg_event_id: 'ZGVmZXJyZWQtMC0x',
};
const BLOCKED = {
  email: 'blocked@example.com',
  timestamp: 1709633472,
  event: 'bounce',
  type: 'blocked',
  bounce_classification: 'Reputation',
  reason: "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. ... (S3150)",
  status: '5.7.1',
  sg_event_id: 'YmxvY2tlZC0wLTI=',
  sg_message_id: 'Tt1yZk2sT3uQ1a2b3c4d5e.recvd-abc-1-65E6F000-3.0',
};

const event = (fields: object) => ({
  email: 'someone@example.org',
  timestamp: 1709633480,
  sg_event_id: 'ZXZlbnQtaWQ',
  sg_message_id: 'msg-1.filter0001',
  ...fields,
});

describe('SendGrid events', () => {
  it('maps the example batch item by item, in order', () => {
    expect(mapSendgridEvents([HARD_BOUNCE, DEFERRED, BLOCKED])).toEqual([
      {
        kind: 'bounce',
        address: 'gone@example.org',
        occurredAt: '2024-03-05T10:11:10.000Z',
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: 'sendgrid',
        messageId: HARD_BOUNCE.sg_message_id,
        smtp: { enhancedStatus: '5.1.1', diagnostic: HARD_BOUNCE.reason },
        providerVerdict: { provider: 'sendgrid', type: 'bounce', subType: 'Invalid Address' },
      },
      { kind: 'ignored', reason: 'deferred', address: 'busy@example.net' },
      expect.objectContaining({
        kind: 'bounce',
        address: 'blocked@example.com',
        smtp: { enhancedStatus: '5.7.1', diagnostic: BLOCKED.reason },
        providerVerdict: { provider: 'sendgrid', type: 'blocked', subType: 'Reputation' },
      }),
    ]);
  });

  it('keeps the smtp-id as the message id when SendGrid sent no sg_message_id (a delayed bounce)', () => {
    const { sg_message_id: _absent, ...delayed } = HARD_BOUNCE;
    expect(mapSendgridEvents([delayed])[0]).toMatchObject({ messageId: '<a1b2c3@mail.example.com>' });
  });

  it('leaves out a status that is not an RFC 3463 code but keeps the reason', () => {
    const [outcome] = mapSendgridEvents([{ ...HARD_BOUNCE, status: '' }]);
    expect(outcome).toMatchObject({ smtp: { diagnostic: HARD_BOUNCE.reason } });
    expect(outcome).not.toHaveProperty('smtp.enhancedStatus');
  });

  describe('dropped', () => {
    it.each([
      ['Bounced Address', 'provider_suppression:bounced_address'],
      ['Unsubscribed Address', 'provider_suppression:unsubscribed_address'],
      ['Spam Reporting Address', 'provider_suppression:spam_reporting_address'],
      ['Invalid SMTPAPI header', 'dropped:invalid_smtpapi_header'],
      ['Spam Content', 'dropped:spam_content'],
      ['Invalid Address', 'dropped:invalid_address'],
      ['Recipient List over Package Quota', 'dropped:recipient_list_over_package_quota'],
    ])('for %s says nothing new: ignored as %s', (reason, ignoredAs) => {
      expect(mapSendgridEvents([event({ event: 'dropped', reason, status: '5.0.0' })])).toEqual([
        { kind: 'ignored', reason: ignoredAs, address: 'someone@example.org' },
      ]);
    });
  });

  describe('each event type', () => {
    it('delivered becomes a delivery', () => {
      expect(mapSendgridEvents([event({ event: 'delivered', response: '250 OK' })])).toEqual([
        {
          kind: 'delivery',
          address: 'someone@example.org',
          occurredAt: '2024-03-05T10:11:20.000Z',
          eventId: expect.any(String),
          source: 'sendgrid',
          messageId: 'msg-1.filter0001',
        },
      ]);
    });

    it('spamreport becomes a complaint', () => {
      expect(mapSendgridEvents([event({ event: 'spamreport' })])).toEqual([
        expect.objectContaining({ kind: 'complaint', address: 'someone@example.org', feedbackType: 'spamreport' }),
      ]);
    });

    it('unsubscribe becomes an unsubscribe from every list', () => {
      const [outcome] = mapSendgridEvents([event({ event: 'unsubscribe' })]);
      expect(outcome).toMatchObject({ kind: 'unsubscribe', method: 'provider' });
      expect(outcome).not.toHaveProperty('list');
    });

    it('group_unsubscribe becomes an unsubscribe from its group only', () => {
      expect(mapSendgridEvents([event({ event: 'group_unsubscribe', asm_group_id: 42 })])).toEqual([
        expect.objectContaining({ kind: 'unsubscribe', method: 'provider', list: '42' }),
      ]);
    });

    it('group_unsubscribe without its group is invalid rather than an unsubscribe from everything', () => {
      expect(mapSendgridEvents([event({ event: 'group_unsubscribe' })])).toEqual([
        {
          kind: 'invalid',
          field: '[0].asm_group_id',
          message: 'expected the unsubscribe group of a group_unsubscribe',
        },
      ]);
    });

    it.each([
      ['processed', 'processed'],
      ['open', 'open'],
      ['click', 'click'],
      ['group_resubscribe', 'group_resubscribe'],
      ['something_new', 'unknown_type:something_new'],
    ])('%s is ignored as %s', (type, reason) => {
      expect(mapSendgridEvents([event({ event: type })])).toEqual([
        { kind: 'ignored', reason, address: 'someone@example.org' },
      ]);
    });

    it('account_status_change, which names no recipient, is ignored', () => {
      expect(mapSendgridEvents([{ event: 'account_status_change', type: 'compliance_suspend', timestamp: 1 }])).toEqual(
        [{ kind: 'ignored', reason: 'account_status_change' }],
      );
    });
  });

  describe('a bad item', () => {
    it('yields an invalid naming its index and field, and never drops the others', () => {
      const outcomes = mapSendgridEvents([
        HARD_BOUNCE,
        { ...BLOCKED, email: '' },
        { ...HARD_BOUNCE, timestamp: 'yesterday' },
        'not an object',
        { email: 'x@example.org' },
        event({ event: 'delivered' }),
      ]);
      expect(outcomes.map((o) => (o.kind === 'invalid' ? `${o.field}: ${o.message}` : o.kind))).toEqual([
        'bounce',
        '[1].email: expected the recipient address',
        '[2].timestamp: expected UNIX seconds',
        '[3]: expected an event object',
        '[4].event: expected the event type',
        'delivery',
      ]);
    });

    it('or a body that is not an array, is one invalid', () => {
      expect(mapSendgridEvents(HARD_BOUNCE)).toEqual([
        { kind: 'invalid', field: '', message: 'expected a JSON array of events' },
      ]);
    });
  });

  describe('redelivery', () => {
    it('repeats every event id', () => {
      expect(mapSendgridEvents([HARD_BOUNCE, BLOCKED])).toEqual(mapSendgridEvents([HARD_BOUNCE, BLOCKED]));
    });

    it('keys the id on sg_event_id, not on what else the batch held', () => {
      const [alone] = mapSendgridEvents([BLOCKED]);
      const [, inBatch] = mapSendgridEvents([HARD_BOUNCE, BLOCKED]);
      expect(alone).toEqual(inBatch);
      const [otherEvent] = mapSendgridEvents([{ ...BLOCKED, sg_event_id: 'b3RoZXI' }]);
      expect(otherEvent?.kind === 'bounce' && alone?.kind === 'bounce' && otherEvent.eventId !== alone.eventId).toBe(
        true,
      );
    });
  });
});
