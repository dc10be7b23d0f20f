import { mapPostmarkEvent } from './postmark-event.mapping';

// The reference's fixtures (reference/esp-webhooks.md 4.6); the ID is above 2^53 on purpose.
const HARD_BOUNCE_JSON = `{ "RecordType": "Bounce", "MessageStream": "outbound", "ID": 4323372036854775807,
  "Type": "HardBounce", "TypeCode": 1, "Name": "Hard bounce", "Tag": "password-reset",
  "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "ServerID": 23,
  "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
  "Email": "gone@example.org", "From": "noreply@example.com",
  "BouncedAt": "2024-03-05T05:11:10.2735393-05:00", "DumpAvailable": true,
  "Inactive": true, "CanActivate": true, "Subject": "Reset your password",
  "Metadata": { "tenant": "acme" } }`;
const HARD_BOUNCE = JSON.parse(HARD_BOUNCE_JSON) as Record<string, unknown>;
const DELIVERY = {
  RecordType: 'Delivery',
  ServerID: 23,
  MessageStream: 'outbound',
  MessageID: 'c4f0b3e1-8d2a-4a6b-9e1f-1234567890ab',
  Recipient: 'ok@example.net',
  Tag: 'receipt',
  DeliveredAt: '2024-03-05T05:11:09-05:00',
  Details: 'smtp;250 2.0.0 OK 1709633469 a1si123456qkb.2 - gsmtp',
  Metadata: {},
};
const bounceOf = (Type: string, fields: object = {}) => ({ ...HARD_BOUNCE, Type, ...fields });
const subscriptionChange = (fields: object) => ({
  RecordType: 'SubscriptionChange',
  MessageID: '00000000-0000-4000-8000-000000000001',
  ServerID: 23,
  MessageStream: 'broadcast',
  ChangedAt: '2024-03-05T10:00:00Z',
  Recipient: 'reader@example.org',
  Origin: 'Recipient',
  SuppressSending: true,
  SuppressionReason: 'ManualSuppression',
  ...fields,
});

describe('Postmark events', () => {
  describe('Bounce', () => {
    it('a HardBounce becomes a bounce with Details as evidence and the Type as verdict', () => {
      expect(mapPostmarkEvent(HARD_BOUNCE)).toEqual([
        {
          kind: 'bounce',
          address: 'gone@example.org',
          occurredAt: '2024-03-05T10:11:10.273Z',
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          source: 'postmark',
          messageId: '883953f4-6105-42a2-a16a-77a8eac79483',
          smtp: { diagnostic: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.' },
          providerVerdict: { provider: 'postmark', type: 'HardBounce' },
        },
      ]);
    });

    it.each([
      'BadEmailAddress',
      'SoftBounce',
      'Transient',
      'DnsError',
      'Unknown',
      'Blocked',
      'DMARCPolicy',
      'SpamNotification',
      'VirusNotification',
      'TemplateRenderingFailed',
      'SomeFutureType',
    ])('a %s becomes a bounce carrying that type for the classifier', (type) => {
      expect(mapPostmarkEvent(bounceOf(type))).toEqual([
        expect.objectContaining({ kind: 'bounce', providerVerdict: { provider: 'postmark', type } }),
      ]);
    });

    it('a SpamComplaint type becomes a complaint', () => {
      expect(mapPostmarkEvent(bounceOf('SpamComplaint', { Details: 'Recipient marked as spam' }))).toEqual([
        expect.objectContaining({
          kind: 'complaint',
          address: 'gone@example.org',
          feedbackType: 'SpamComplaint',
          evidence: 'Recipient marked as spam',
        }),
      ]);
    });

    it('an Unsubscribe type is an unsubscribe request sent back by mail, for its stream', () => {
      expect(mapPostmarkEvent(bounceOf('Unsubscribe'))).toEqual([
        expect.objectContaining({ kind: 'unsubscribe', method: 'mail', list: 'outbound', address: 'gone@example.org' }),
      ]);
    });

    it.each([
      ['AutoResponder', 'auto_reply'],
      ['Subscribe', 'subscribe'],
      ['AddressChange', 'address_change'],
      ['ChallengeVerification', 'challenge_verification'],
      ['OpenRelayTest', 'open_relay_test'],
      ['Unconfirmed', 'unconfirmed'],
      ['InboundError', 'inbound_error'],
      ['ManuallyDeactivated', 'provider_suppression:manually_deactivated'],
      ['SMTPApiError', 'provider_suppression:smtp_api_error'],
    ])('a %s is ignored as %s', (type, reason) => {
      expect(mapPostmarkEvent(bounceOf(type))).toEqual([{ kind: 'ignored', reason, address: 'gone@example.org' }]);
    });

    it.each([
      ['Type', bounceOf('HardBounce', { Type: undefined })],
      ['Email', bounceOf('HardBounce', { Email: '' })],
      ['BouncedAt', bounceOf('HardBounce', { BouncedAt: '2024-03-05T05:11:10' })],
    ])('a bounce without a usable %s is invalid, naming the field', (field, body) => {
      expect(mapPostmarkEvent(body)).toEqual([{ kind: 'invalid', field, message: expect.any(String) }]);
    });
  });

  it('a SpamComplaint record becomes a complaint', () => {
    const record = { ...HARD_BOUNCE, RecordType: 'SpamComplaint', Type: 'SpamComplaint', TypeCode: 100001 };
    expect(mapPostmarkEvent(record)).toEqual([
      expect.objectContaining({
        kind: 'complaint',
        address: 'gone@example.org',
        occurredAt: '2024-03-05T10:11:10.273Z',
      }),
    ]);
  });

  it('a Delivery becomes a delivery', () => {
    expect(mapPostmarkEvent(DELIVERY)).toEqual([
      {
        kind: 'delivery',
        address: 'ok@example.net',
        occurredAt: '2024-03-05T10:11:09.000Z',
        eventId: expect.any(String),
        source: 'postmark',
        messageId: 'c4f0b3e1-8d2a-4a6b-9e1f-1234567890ab',
      },
    ]);
  });

  describe('SubscriptionChange', () => {
    it('a recipient suppressing sending is an unsubscribe from the stream', () => {
      expect(mapPostmarkEvent(subscriptionChange({}))).toEqual([
        {
          kind: 'unsubscribe',
          address: 'reader@example.org',
          occurredAt: '2024-03-05T10:00:00.000Z',
          eventId: expect.any(String),
          source: 'postmark',
          messageId: '00000000-0000-4000-8000-000000000001',
          method: 'link',
          list: 'broadcast',
        },
      ]);
    });

    it('a spam complaint suppression is a complaint', () => {
      expect(mapPostmarkEvent(subscriptionChange({ SuppressionReason: 'SpamComplaint', Origin: 'Recipient' }))).toEqual(
        [expect.objectContaining({ kind: 'complaint', address: 'reader@example.org' })],
      );
    });

    it.each([
      [{ SuppressionReason: 'HardBounce', Origin: 'Recipient' }, 'provider_suppression:hard_bounce'],
      [{ SuppressionReason: 'ManualSuppression', Origin: 'Customer' }, 'provider_suppression:manual_suppression'],
      [{ SuppressionReason: 'ManualSuppression', Origin: 'Admin' }, 'provider_suppression:manual_suppression'],
      [{ SuppressSending: false, SuppressionReason: 'HardBounce' }, 'subscription_reactivated'],
    ])('%o is ignored as %s', (fields, reason) => {
      expect(mapPostmarkEvent(subscriptionChange(fields))).toEqual([
        { kind: 'ignored', reason, address: 'reader@example.org' },
      ]);
    });

    it('without SuppressSending is invalid, naming it', () => {
      expect(mapPostmarkEvent(subscriptionChange({ SuppressSending: 'yes' }))).toEqual([
        { kind: 'invalid', field: 'SuppressSending', message: 'expected true or false' },
      ]);
    });
  });

  it.each([
    ['Open', 'open'],
    ['Click', 'click'],
    ['Inbound', 'inbound'],
    ['SomethingNew', 'unknown_type:SomethingNew'],
  ])('a %s record is ignored as %s', (RecordType, reason) => {
    expect(mapPostmarkEvent({ RecordType, Recipient: 'r@example.org' })).toEqual([
      { kind: 'ignored', reason, address: 'r@example.org' },
    ]);
  });

  it('a body without a RecordType is invalid, naming it', () => {
    expect(mapPostmarkEvent({ Type: 'HardBounce' })).toEqual([
      { kind: 'invalid', field: 'RecordType', message: 'expected the record type' },
    ]);
    expect(mapPostmarkEvent([HARD_BOUNCE])).toEqual([{ kind: 'invalid', field: '', message: expect.any(String) }]);
  });

  describe('redelivery', () => {
    it('gives the same event id, though the bounce ID lost precision in JSON parsing', () => {
      expect(mapPostmarkEvent(JSON.parse(HARD_BOUNCE_JSON))).toEqual(mapPostmarkEvent(HARD_BOUNCE));
    });

    it('gives another event id to another bounce of the same message and address', () => {
      const [first] = mapPostmarkEvent(HARD_BOUNCE);
      const [other] = mapPostmarkEvent({ ...HARD_BOUNCE, ID: 42 });
      expect(first?.kind === 'bounce' && other?.kind === 'bounce' && first.eventId !== other.eventId).toBe(true);
    });

    it('keeps a complaint from a SubscriptionChange apart from the SpamComplaint record of the same time', () => {
      const record = {
        ...HARD_BOUNCE,
        RecordType: 'SpamComplaint',
        Email: 'reader@example.org',
        BouncedAt: '2024-03-05T10:00:00Z',
      };
      const [fromRecord] = mapPostmarkEvent(record);
      const [fromChange] = mapPostmarkEvent(
        subscriptionChange({ SuppressionReason: 'SpamComplaint', MessageID: HARD_BOUNCE.MessageID }),
      );
      expect(fromRecord?.kind === 'complaint' && fromChange?.kind === 'complaint').toBe(true);
      expect(
        fromRecord?.kind === 'complaint' &&
          fromChange?.kind === 'complaint' &&
          fromRecord.eventId !== fromChange.eventId,
      ).toBe(true);
    });
  });
});
