import { mapSesNotification } from './ses-notification.mapping';
import type { SnsEnvelope } from './sns-envelope';
import { TEST_CERT_URL, TEST_TOPIC_ARN } from '../testing/sns-messages';

const MAIL = {
  timestamp: '2024-03-05T10:11:08.512Z',
  source: 'noreply@mail.example.com',
  messageId: '0102018e0f39-1111-2222-3333-000000',
  destination: ['gone@example.org'],
};

function envelope(document: object | string, messageId = '5b1f6c0e-2f37-4a4c-9f2a-8d1e3c0a9b11'): SnsEnvelope {
  return {
    type: 'Notification',
    messageId,
    topicArn: TEST_TOPIC_ARN,
    message: typeof document === 'string' ? document : JSON.stringify(document),
    timestamp: '2024-03-05T10:11:12.345Z',
    signatureVersion: '2',
    signature: 'c2ln',
    signingCertUrl: TEST_CERT_URL,
  };
}

function bounce(bounceType: string, bounceSubType: string, recipients: unknown[] = [NO_EMAIL_RECIPIENT]) {
  return {
    notificationType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType,
      bouncedRecipients: recipients,
      timestamp: '2024-03-05T10:11:10.000Z',
      feedbackId: '0102018e0f3a-aaaa-bbbb-cccc-000000',
      reportingMTA: 'dns; b7-1.smtp-out.eu-west-1.amazonses.com',
    },
    mail: MAIL,
  };
}

const NO_EMAIL_RECIPIENT = {
  emailAddress: 'gone@example.org',
  action: 'failed',
  status: '5.1.1',
  diagnosticCode: 'smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
};

describe('SES notifications', () => {
  describe('Bounce', () => {
    it('becomes one bounce with the DSN status, the diagnostic as evidence and the SES verdict', () => {
      const [outcome, ...rest] = mapSesNotification(envelope(bounce('Permanent', 'NoEmail')));
      expect(rest).toEqual([]);
      expect(outcome).toEqual({
        kind: 'bounce',
        address: 'gone@example.org',
        occurredAt: '2024-03-05T10:11:10.000Z',
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        source: 'ses',
        messageId: '0102018e0f39-1111-2222-3333-000000',
        smtp: { diagnostic: NO_EMAIL_RECIPIENT.diagnosticCode },
        providerVerdict: { provider: 'ses', type: 'Permanent', subType: 'NoEmail' },
        dsnStatus: '5.1.1',
      });
    });

    it.each([
      ['Permanent', 'General'],
      ['Transient', 'General'],
      ['Transient', 'MailboxFull'],
      ['Transient', 'MessageTooLarge'],
      ['Transient', 'ContentRejected'],
      ['Transient', 'AttachmentRejected'],
      ['Undetermined', 'Undetermined'],
      ['Permanent', 'UnsubscribedRecipient'],
    ])('%s/%s becomes a bounce carrying that verdict for the classifier', (type, subType) => {
      expect(mapSesNotification(envelope(bounce(type, subType)))).toEqual([
        expect.objectContaining({ kind: 'bounce', providerVerdict: { provider: 'ses', type, subType } }),
      ]);
    });

    it.each([
      ['Suppressed', 'provider_suppression:ses_suppressed'],
      ['OnAccountSuppressionList', 'provider_suppression:ses_account_suppression_list'],
    ])('Permanent/%s says nothing new: ignored as %s', (subType, reason) => {
      expect(mapSesNotification(envelope(bounce('Permanent', subType)))).toEqual([
        { kind: 'ignored', reason, address: 'gone@example.org' },
      ]);
    });

    it('gives each bounced recipient its own bounce and event id', () => {
      const other = { emailAddress: 'full@example.org', status: '4.2.2', diagnosticCode: 'smtp; 452 4.2.2 full' };
      const outcomes = mapSesNotification(envelope(bounce('Transient', 'MailboxFull', [NO_EMAIL_RECIPIENT, other])));
      expect(outcomes.map((o) => o.kind === 'bounce' && [o.address, o.dsnStatus])).toEqual([
        ['gone@example.org', '5.1.1'],
        ['full@example.org', '4.2.2'],
      ]);
      const [first, second] = outcomes;
      expect(first?.kind === 'bounce' && second?.kind === 'bounce' && first.eventId !== second.eventId).toBe(true);
    });

    it('reads a recipient the DSN calls delayed as a deferral, never a bounce', () => {
      const delayed = { ...NO_EMAIL_RECIPIENT, action: 'delayed', status: '4.4.7' };
      expect(mapSesNotification(envelope(bounce('Transient', 'General', [delayed])))).toEqual([
        { kind: 'ignored', reason: 'deferred', address: 'gone@example.org' },
      ]);
    });

    it('keeps the other recipients when one in the middle cannot be read', () => {
      const last = { emailAddress: 'last@example.org' };
      const outcomes = mapSesNotification(
        envelope(bounce('Permanent', 'General', [NO_EMAIL_RECIPIENT, { status: '5.1.1' }, last])),
      );
      expect(outcomes.map((o) => o.kind)).toEqual(['bounce', 'invalid', 'bounce']);
      expect(outcomes[1]).toEqual({
        kind: 'invalid',
        field: 'Message.bounce.bouncedRecipients[1].emailAddress',
        message: 'expected an address',
      });
      expect(outcomes[2]).not.toHaveProperty('smtp');
      expect(outcomes[2]).not.toHaveProperty('dsnStatus');
    });

    it('drops a status that is not an RFC 3463 code instead of refusing the bounce', () => {
      const odd = { ...NO_EMAIL_RECIPIENT, status: 'failed' };
      expect(mapSesNotification(envelope(bounce('Permanent', 'General', [odd])))[0]).not.toHaveProperty('dsnStatus');
    });

    it('names the field when the bounce has no usable timestamp', () => {
      const document = bounce('Permanent', 'General');
      const withoutTime = { ...document, bounce: { ...document.bounce, timestamp: '2024-03-05T10:11:10' } };
      expect(mapSesNotification(envelope(withoutTime))).toEqual([
        { kind: 'invalid', field: 'Message.bounce.timestamp', message: 'expected an ISO 8601 time with a zone' },
      ]);
    });
  });

  describe('redelivery', () => {
    it('gives the same event id when SNS retries, or publishes the bounce again under another message id', () => {
      const first = mapSesNotification(envelope(bounce('Permanent', 'NoEmail')));
      const again = mapSesNotification(envelope(bounce('Permanent', 'NoEmail'), 'a-different-sns-message-id'));
      expect(again).toEqual(first);
    });

    it('gives the same event id whichever clock notation SES used', () => {
      const document = bounce('Permanent', 'NoEmail');
      const spaced = { ...document, bounce: { ...document.bounce, timestamp: '2024-03-05T10:11:10 +0000' } };
      expect(mapSesNotification(envelope(spaced))).toEqual(mapSesNotification(envelope(document)));
    });

    it('gives a different event id to a different bounce of the same message', () => {
      const document = bounce('Permanent', 'NoEmail');
      const later = { ...document, bounce: { ...document.bounce, feedbackId: 'another-feedback-id' } };
      const [a] = mapSesNotification(envelope(document));
      const [b] = mapSesNotification(envelope(later));
      expect(a?.kind === 'bounce' && b?.kind === 'bounce' && a.eventId !== b.eventId).toBe(true);
    });
  });

  describe('Complaint', () => {
    const complaint = (fields: object = {}) => ({
      notificationType: 'Complaint',
      complaint: {
        complainedRecipients: [{ emailAddress: 'angry@example.net' }],
        timestamp: '2024-03-05T12:00:00.000Z',
        feedbackId: '0102018e-complaint-000000',
        complaintFeedbackType: 'abuse',
        userAgent: 'Yahoo!-Mail-Feedback/2.0',
        ...fields,
      },
      mail: MAIL,
    });

    it('becomes a complaint per complained recipient with its feedback type', () => {
      expect(mapSesNotification(envelope(complaint()))).toEqual([
        {
          kind: 'complaint',
          address: 'angry@example.net',
          occurredAt: '2024-03-05T12:00:00.000Z',
          eventId: expect.any(String),
          source: 'ses',
          messageId: MAIL.messageId,
          feedbackType: 'abuse',
        },
      ]);
    });

    it('ignores one SES never sent because of the account suppression list', () => {
      expect(mapSesNotification(envelope(complaint({ complaintSubType: 'OnAccountSuppressionList' })))).toEqual([
        { kind: 'ignored', reason: 'provider_suppression:ses_account_suppression_list', address: 'angry@example.net' },
      ]);
    });

    it('ignores a not-spam report, the opposite of a complaint', () => {
      expect(mapSesNotification(envelope(complaint({ complaintFeedbackType: 'not-spam' })))).toEqual([
        { kind: 'ignored', reason: 'not_spam', address: 'angry@example.net' },
      ]);
    });
  });

  describe('Delivery', () => {
    it('becomes a delivery per recipient, whose list is plain strings', () => {
      const document = {
        eventType: 'Delivery',
        delivery: {
          timestamp: '2024-03-05T10:11:11.000Z',
          recipients: ['ok@example.net', 'also@example.net'],
          smtpResponse: '250 2.0.0 OK',
        },
        mail: MAIL,
      };
      expect(mapSesNotification(envelope(document))).toEqual([
        expect.objectContaining({
          kind: 'delivery',
          address: 'ok@example.net',
          occurredAt: '2024-03-05T10:11:11.000Z',
        }),
        expect.objectContaining({ kind: 'delivery', address: 'also@example.net', messageId: MAIL.messageId }),
      ]);
    });
  });

  describe('event publishing records that are not delivery outcomes', () => {
    it('ignores a DeliveryDelay per delayed recipient: a delay never counts', () => {
      const document = {
        eventType: 'DeliveryDelay',
        deliveryDelay: {
          delayType: 'MailboxFull',
          delayedRecipients: [{ emailAddress: 'slow@example.org', status: '4.2.2', diagnosticCode: '452 full' }],
          timestamp: '2024-03-05T10:20:00.000Z',
        },
        mail: MAIL,
      };
      expect(mapSesNotification(envelope(document))).toEqual([
        { kind: 'ignored', reason: 'delivery_delay', address: 'slow@example.org' },
      ]);
    });

    it.each([
      ['Send', 'send'],
      ['Open', 'open'],
      ['Click', 'click'],
      ['Reject', 'reject'],
      ['Rendering Failure', 'rendering_failure'],
      ['Subscription', 'subscription_preferences'],
      ['SomethingNew', 'unknown_type:SomethingNew'],
    ])('ignores %s as %s', (eventType, reason) => {
      expect(mapSesNotification(envelope({ eventType, mail: MAIL }))).toEqual([{ kind: 'ignored', reason }]);
    });
  });

  describe('the envelope', () => {
    it('ignores the confirmation messages, which the app answers from the verified envelope', () => {
      const confirmation: SnsEnvelope = {
        ...envelope({}),
        type: 'SubscriptionConfirmation',
        token: 't',
        subscribeUrl: 'u',
      };
      expect(mapSesNotification(confirmation)).toEqual([{ kind: 'ignored', reason: 'subscription_confirmation' }]);
      const unsubscribe: SnsEnvelope = { ...confirmation, type: 'UnsubscribeConfirmation' };
      expect(mapSesNotification(unsubscribe)).toEqual([{ kind: 'ignored', reason: 'unsubscribe_confirmation' }]);
    });

    it('names Message when it is not a JSON document, and the discriminator when it has none', () => {
      expect(mapSesNotification(envelope('{not json'))).toEqual([
        { kind: 'invalid', field: 'Message', message: 'expected the SES notification as a JSON object' },
      ]);
      expect(mapSesNotification(envelope({ mail: MAIL }))).toEqual([
        { kind: 'invalid', field: 'Message.notificationType', message: 'expected notificationType or eventType' },
      ]);
    });
  });
});
