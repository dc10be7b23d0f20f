import type { ProviderVerdict } from './classification';
import type { Outcome } from './testing/bounce-outcome';
import { outcomeOf } from './testing/bounce-outcome';

function outcome(providerVerdict: ProviderVerdict, diagnostic?: string): Outcome {
  return outcomeOf({ providerVerdict, ...(diagnostic !== undefined && { smtp: { diagnostic } }) });
}

const NOT_A_FAILURE = (rule: string): Outcome => ['undetermined', 'undetermined', false, rule];
const UNDETERMINED = (rule: string): Outcome => ['undetermined', 'undetermined', true, rule];

describe('provider verdicts, when the codes and the text had nothing decisive', () => {
  describe('Amazon SES', () => {
    it.each<[string, string, Outcome]>([
      ['Permanent', 'NoEmail', ['mailbox_unknown', 'hard', true, 'verdict:ses:Permanent/NoEmail']],
      ['Permanent', 'General', UNDETERMINED('verdict:ses:Permanent/General')],
      ['Permanent', 'Suppressed', NOT_A_FAILURE('verdict:ses:Permanent/Suppressed')],
      ['Permanent', 'OnAccountSuppressionList', NOT_A_FAILURE('verdict:ses:Permanent/OnAccountSuppressionList')],
      ['Transient', 'General', UNDETERMINED('verdict:ses:Transient/General')],
      ['Transient', 'MailboxFull', ['mailbox_full', 'soft', true, 'verdict:ses:Transient/MailboxFull']],
      ['Transient', 'MessageTooLarge', ['message_too_large', 'soft', false, 'verdict:ses:Transient/MessageTooLarge']],
      ['Transient', 'ContentRejected', ['content_rejected', 'soft', false, 'verdict:ses:Transient/ContentRejected']],
      [
        'Transient',
        'AttachmentRejected',
        ['content_rejected', 'soft', false, 'verdict:ses:Transient/AttachmentRejected'],
      ],
      ['Undetermined', 'Undetermined', UNDETERMINED('verdict:ses:Undetermined/Undetermined')],
    ])('maps %s/%s', (type, subType, expected) => {
      expect(outcome({ provider: 'ses', type, subType })).toEqual(expected);
    });

    it('leaves a subtype SES has not documented to the fallback', () => {
      expect(outcome({ provider: 'ses', type: 'Permanent', subType: 'UnsubscribedRecipient' })).toEqual(
        UNDETERMINED('fallback:undetermined'),
      );
    });

    it('reads the labels whatever their case and the provider by its longer names', () => {
      expect(outcome({ provider: 'Amazon-SES', type: 'permanent', subType: 'noemail' })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'verdict:ses:Permanent/NoEmail',
      ]);
    });

    it('never suppresses on Permanent/General when the reply is a block of our IP', () => {
      const block =
        "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).";
      expect(outcome({ provider: 'ses', type: 'Permanent', subType: 'General' }, block)).toEqual([
        'reputation_block',
        'hard',
        false,
        'provider:microsoft:network-block-list',
      ]);
    });
  });

  describe('SendGrid', () => {
    it.each<[string, string | undefined, Outcome]>([
      ['bounce', 'Invalid Address', ['mailbox_unknown', 'hard', true, 'verdict:sendgrid:bounce/Invalid Address']],
      [
        'bounce',
        'Mailbox Unavailable',
        ['mailbox_unavailable', 'soft', true, 'verdict:sendgrid:bounce/Mailbox Unavailable'],
      ],
      ['bounce', 'Reputation', ['reputation_block', 'hard', false, 'verdict:sendgrid:bounce/Reputation']],
      ['bounce', 'Content', ['content_rejected', 'hard', false, 'verdict:sendgrid:bounce/Content']],
      [
        'bounce',
        'Frequency or Volume Too High',
        ['rate_limited', 'soft', false, 'verdict:sendgrid:bounce/Frequency or Volume Too High'],
      ],
      [
        'bounce',
        'Technical Failure',
        ['recipient_server_unavailable', 'soft', false, 'verdict:sendgrid:bounce/Technical Failure'],
      ],
      ['bounce', 'Unclassified', UNDETERMINED('verdict:sendgrid:bounce/Unclassified')],
      ['bounce', undefined, UNDETERMINED('verdict:sendgrid:bounce')],
      ['blocked', 'Reputation', ['reputation_block', 'hard', false, 'verdict:sendgrid:blocked']],
      ['blocked', 'Invalid Address', ['reputation_block', 'hard', false, 'verdict:sendgrid:blocked']],
      ['blocked', 'Content', ['content_rejected', 'hard', false, 'verdict:sendgrid:blocked/Content']],
      [
        'blocked',
        'Frequency or Volume Too High',
        ['rate_limited', 'soft', false, 'verdict:sendgrid:blocked/Frequency or Volume Too High'],
      ],
      ['deferred', undefined, NOT_A_FAILURE('verdict:sendgrid:deferred')],
      ['dropped', 'Bounced Address', NOT_A_FAILURE('verdict:sendgrid:dropped')],
      ['dropped', 'Spam Reporting Address', NOT_A_FAILURE('verdict:sendgrid:dropped')],
      ['dropped', 'Unsubscribed Address', NOT_A_FAILURE('verdict:sendgrid:dropped')],
      ['dropped', 'Invalid', ['address_invalid', 'hard', true, 'verdict:sendgrid:dropped/Invalid']],
      ['dropped', 'Spam Content', ['content_rejected', 'hard', false, 'verdict:sendgrid:dropped/Spam Content']],
      [
        'dropped',
        'Recipient List over Package Quota',
        ['sender_quota_exceeded', 'hard', false, 'verdict:sendgrid:dropped/Recipient List over Package Quota'],
      ],
    ])('maps %s with %s', (type, subType, expected) => {
      expect(outcome({ provider: 'sendgrid', type, ...(subType !== undefined && { subType }) })).toEqual(expected);
    });

    it('accepts the bounce_classification given as the type', () => {
      expect(outcome({ provider: 'sendgrid', type: 'Invalid Address' })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'verdict:sendgrid:bounce/Invalid Address',
      ]);
    });

    it('lets a 5.1.1 inside a "blocked" event count, since the codes win over the label', () => {
      expect(
        outcome({ provider: 'sendgrid', type: 'blocked' }, '550 5.1.1 <jane@example.org>: Recipient address rejected'),
      ).toEqual(['mailbox_unknown', 'hard', true, 'enhanced:5.1.1']);
    });

    it('keeps a bare 550 inside a "blocked" event a block', () => {
      expect(outcome({ provider: 'sendgrid', type: 'blocked' }, '550 Message refused')).toEqual([
        'reputation_block',
        'hard',
        false,
        'verdict:sendgrid:blocked',
      ]);
    });
  });

  describe('Mailgun', () => {
    it.each<[string, string, Outcome]>([
      ['permanent', 'generic', UNDETERMINED('verdict:mailgun:permanent')],
      ['permanent', 'bounce', UNDETERMINED('verdict:mailgun:permanent')],
      ['permanent', 'old', UNDETERMINED('verdict:mailgun:permanent')],
      ['permanent', 'espblock', ['reputation_block', 'hard', false, 'verdict:mailgun:permanent/espblock']],
      ['temporary', 'espblock', ['reputation_block', 'soft', false, 'verdict:mailgun:temporary/espblock']],
      ['temporary', 'greylisted', ['greylisted', 'soft', false, 'verdict:mailgun:temporary/greylisted']],
      ['temporary', 'generic', NOT_A_FAILURE('verdict:mailgun:temporary')],
      ['permanent', 'suppress-bounce', NOT_A_FAILURE('verdict:mailgun:permanent/suppress-*')],
      ['permanent', 'suppress-complaint', NOT_A_FAILURE('verdict:mailgun:permanent/suppress-*')],
      ['permanent', 'suppress-unsubscribe', NOT_A_FAILURE('verdict:mailgun:permanent/suppress-*')],
    ])('maps severity %s with reason %s', (type, subType, expected) => {
      expect(outcome({ provider: 'mailgun', type, subType })).toEqual(expected);
    });
  });

  describe('Postmark', () => {
    it.each<[string, Outcome]>([
      ['HardBounce', ['mailbox_unknown', 'hard', true, 'verdict:postmark:HardBounce']],
      ['BadEmailAddress', ['address_invalid', 'hard', true, 'verdict:postmark:BadEmailAddress']],
      ['SoftBounce', ['mailbox_unavailable', 'soft', true, 'verdict:postmark:SoftBounce']],
      ['Transient', ['recipient_server_unavailable', 'soft', false, 'verdict:postmark:Transient']],
      ['DnsError', ['recipient_server_unavailable', 'soft', false, 'verdict:postmark:DnsError']],
      ['Blocked', ['reputation_block', 'hard', false, 'verdict:postmark:Blocked']],
      ['DMARCPolicy', ['authentication_failed', 'hard', false, 'verdict:postmark:DMARCPolicy']],
      ['SpamNotification', ['content_rejected', 'hard', false, 'verdict:postmark:SpamNotification']],
      ['VirusNotification', ['content_rejected', 'hard', false, 'verdict:postmark:VirusNotification']],
      ['TemplateRenderingFailed', ['content_rejected', 'hard', false, 'verdict:postmark:TemplateRenderingFailed']],
      ['Unknown', UNDETERMINED('verdict:postmark:Unknown')],
      ['AutoResponder', NOT_A_FAILURE('verdict:postmark:AutoResponder')],
      ['Subscribe', NOT_A_FAILURE('verdict:postmark:Subscribe')],
      ['Unsubscribe', NOT_A_FAILURE('verdict:postmark:Unsubscribe')],
      ['AddressChange', NOT_A_FAILURE('verdict:postmark:AddressChange')],
      ['ChallengeVerification', NOT_A_FAILURE('verdict:postmark:ChallengeVerification')],
      ['OpenRelayTest', NOT_A_FAILURE('verdict:postmark:OpenRelayTest')],
      ['SpamComplaint', NOT_A_FAILURE('verdict:postmark:SpamComplaint')],
      ['ManuallyDeactivated', NOT_A_FAILURE('verdict:postmark:ManuallyDeactivated')],
      ['SMTPApiError', NOT_A_FAILURE('verdict:postmark:SMTPApiError')],
      ['Unconfirmed', NOT_A_FAILURE('verdict:postmark:Unconfirmed')],
      ['InboundError', NOT_A_FAILURE('verdict:postmark:InboundError')],
    ])('maps %s', (type, expected) => {
      expect(outcome({ provider: 'postmark', type })).toEqual(expected);
    });

    it('reads a SoftBounce whose details say the account is disabled as a disabled mailbox', () => {
      expect(outcome({ provider: 'postmark', type: 'SoftBounce' }, 'smtp;550 Account disabled')).toEqual([
        'mailbox_disabled',
        'hard',
        true,
        'text:mailbox-disabled',
      ]);
    });
  });

  it('ignores a provider it does not know', () => {
    expect(outcome({ provider: 'acme-mail', type: 'Permanent', subType: 'NoEmail' })).toEqual(
      UNDETERMINED('fallback:undetermined'),
    );
  });
});
