import { classifyBounce } from '@app/domain';
import type { IntakeOutcome } from '../intake-command';
import { mapMailgunEvent } from './mailgun/mailgun-event.mapping';
import { mapPostmarkEvent } from './postmark/postmark-event.mapping';
import { mapSendgridEvents } from './sendgrid/sendgrid-events.mapping';
import { mapSesNotification } from './ses/ses-notification.mapping';
import { TEST_CERT_URL, TEST_TOPIC_ARN } from './testing/sns-messages';

/** The mapped evidence is what the domain classifies: each provider's bounce reaches the verdict its codes call for. */
function classified(outcomes: IntakeOutcome[]) {
  const [outcome] = outcomes;
  if (outcome?.kind !== 'bounce') {
    throw new Error(`expected a bounce, got ${JSON.stringify(outcome)}`);
  }
  const { reason, countsAgainstRecipient } = classifyBounce(outcome);
  return { reason, countsAgainstRecipient };
}

const sesBounce = (bounceType: string, bounceSubType: string, recipient: object) =>
  mapSesNotification({
    type: 'Notification',
    messageId: 'sns-1',
    topicArn: TEST_TOPIC_ARN,
    timestamp: '2024-03-05T10:11:12.345Z',
    signatureVersion: '2',
    signature: 'c2ln',
    signingCertUrl: TEST_CERT_URL,
    message: JSON.stringify({
      notificationType: 'Bounce',
      bounce: {
        bounceType,
        bounceSubType,
        bouncedRecipients: [recipient],
        timestamp: '2024-03-05T10:11:10Z',
        feedbackId: 'f',
      },
      mail: { messageId: 'm' },
    }),
  });

describe('mapped webhook bounces, classified by the domain', () => {
  it('an SES unknown-user bounce counts against the recipient', () => {
    const recipient = {
      emailAddress: 'gone@example.org',
      status: '5.1.1',
      diagnosticCode: 'smtp; 550 5.1.1 User unknown',
    };
    expect(classified(sesBounce('Permanent', 'NoEmail', recipient))).toEqual({
      reason: 'mailbox_unknown',
      countsAgainstRecipient: true,
    });
  });

  it('an SES Permanent/General that the codes show is a reputation block does not count', () => {
    const recipient = {
      emailAddress: 'good@example.com',
      status: '5.7.1',
      diagnosticCode: "smtp; 550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. (S3150)",
    };
    expect(classified(sesBounce('Permanent', 'General', recipient)).countsAgainstRecipient).toBe(false);
  });

  it('a SendGrid block for reputation does not count', () => {
    const block = {
      email: 'blocked@example.com',
      timestamp: 1709633472,
      event: 'bounce',
      type: 'blocked',
      bounce_classification: 'Reputation',
      reason: "550 5.7.1 Unfortunately, messages from [192.0.2.10] weren't sent. (S3150)",
      status: '5.7.1',
      sg_event_id: 'YmxvY2tlZC0wLTI=',
    };
    expect(classified(mapSendgridEvents([block])).countsAgainstRecipient).toBe(false);
  });

  it('a Mailgun permanent failure for a missing mailbox counts', () => {
    const failure = {
      'event-data': {
        event: 'failed',
        severity: 'permanent',
        reason: 'bounce',
        id: 'G9Bn',
        timestamp: 1699999998.4,
        recipient: 'gone@example.org',
        'delivery-status': { code: 550, 'enhanced-code': '5.1.1', message: '5.1.1 The email account does not exist.' },
      },
    };
    expect(classified(mapMailgunEvent(failure))).toEqual({ reason: 'mailbox_unknown', countsAgainstRecipient: true });
  });

  it('a Postmark DMARCPolicy bounce without codes does not count', () => {
    const bounce = {
      RecordType: 'Bounce',
      ID: 7,
      Type: 'DMARCPolicy',
      Email: 'someone@example.org',
      BouncedAt: '2024-03-05T05:11:10-05:00',
      MessageID: 'm',
    };
    expect(classified(mapPostmarkEvent(bounce)).countsAgainstRecipient).toBe(false);
  });
});
