import fc from 'fast-check';
import { CLASSIFIER_VERSION, classifyBounce, reasonCountsAgainstRecipient } from './bounce-classifier';
import type { BounceEvidence } from './bounce-evidence';
import type { BounceReason, Classification } from './classification';
import { BOUNCE_REASONS, SMTP_STAGES } from './classification';
import type { PolicyOverride } from './policy';
import { defaultPolicy } from './policy-parser';
import { outcomeOf as outcome } from './testing/bounce-outcome';

function override(match: PolicyOverride['match'], reason: BounceReason = 'mailbox_full'): PolicyOverride {
  return { match, class: 'soft', reason, countsAgainstRecipient: reasonCountsAgainstRecipient(reason) };
}

const SUBMISSION_QUOTA: BounceEvidence = {
  smtp: { replyCode: 550, enhancedStatus: '5.2.2', diagnostic: '550 5.2.2 Submission quota exceeded' },
};
const MAILBOX_FULL: BounceEvidence = {
  smtp: { replyCode: 552, enhancedStatus: '5.2.2', diagnostic: '552 5.2.2 Mailbox full' },
};
const NOT_ABOUT_RECIPIENT: readonly BounceReason[] = [
  'recipient_server_unavailable',
  'rate_limited',
  'reputation_block',
  'authentication_failed',
  'content_rejected',
  'message_too_large',
  'greylisted',
  'sender_quota_exceeded',
  'policy_rejection',
];

describe('classifyBounce', () => {
  it('stamps every result with the classifier version', () => {
    expect(CLASSIFIER_VERSION).toBe('2026-12.1');
    expect(classifyBounce({}).classifierVersion).toBe(CLASSIFIER_VERSION);
  });

  it('answers undetermined, counting under the policy, when there is no evidence at all', () => {
    expect(classifyBounce({})).toEqual<Classification>({
      class: 'undetermined',
      reason: 'undetermined',
      countsAgainstRecipient: true,
      rule: 'fallback:undetermined',
      classifierVersion: '2026-12.1',
    });
  });

  describe('layer order', () => {
    it('lets a policy override beat a provider rule', () => {
      const overrides = [override({ replyCode: 421 }, 'rate_limited')];
      const evidence = { smtp: { diagnostic: '421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred' } };
      expect(outcome(evidence, overrides)).toEqual(['rate_limited', 'soft', false, 'override:0']);
    });

    it('lets no override turn the quota of our own sending account into a full mailbox', () => {
      const overrides = [override({ enhancedStatus: '5.2.2' }), override({ text: /mailbox full/i })];
      const diagnostic = '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException';
      expect(outcome(SUBMISSION_QUOTA, overrides)).toEqual([
        'sender_quota_exceeded',
        'hard',
        false,
        'provider:microsoft:submission-quota',
      ]);
      expect(outcome({ smtp: { diagnostic } }, defaultPolicy().overrides)).toEqual([
        'sender_quota_exceeded',
        'hard',
        false,
        'provider:microsoft:submission-quota',
      ]);
    });

    it('lets a provider rule beat the enhanced status code', () => {
      expect(outcome(SUBMISSION_QUOTA)).toEqual([
        'sender_quota_exceeded',
        'hard',
        false,
        'provider:microsoft:submission-quota',
      ]);
    });

    it('lets a provider rule beat the SMTP stage', () => {
      const evidence = { smtp: { stage: 'mail_from' as const, diagnostic: '421 4.7.0 [TSS04] Messages deferred' } };
      expect(outcome(evidence)).toEqual(['reputation_block', 'soft', false, 'provider:yahoo:ts-deferral']);
    });

    it('lets the SMTP stage beat the enhanced status code', () => {
      const evidence = { smtp: { stage: 'mail_from' as const, replyCode: 550, enhancedStatus: '5.1.1' } };
      expect(outcome(evidence)).toEqual(['policy_rejection', 'hard', false, 'stage:mail_from']);
    });

    it('lets a decisive enhanced code beat the reply code', () => {
      expect(outcome({ smtp: { replyCode: 554, enhancedStatus: '5.1.1' } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'enhanced:5.1.1',
      ]);
    });

    it('lets a decisive enhanced code beat the text patterns', () => {
      const diagnostic = '550 5.1.1 <jane@example.org>: user unknown (checked by the spam filter)';
      expect(outcome({ smtp: { diagnostic } })).toEqual(['mailbox_unknown', 'hard', true, 'enhanced:5.1.1']);
    });

    it('lets a decisive reply code beat the text patterns', () => {
      const diagnostic = '556 Domain example.org does not accept mail (null MX)';
      expect(outcome({ smtp: { diagnostic } })).toEqual(['domain_unknown', 'hard', true, 'reply:556']);
    });

    it('lets the text refine a code that providers use for many things', () => {
      const diagnostic = '550 5.7.1 Client host [203.0.113.9] blocked using zen.spamhaus.org';
      expect(outcome({ smtp: { diagnostic } })).toEqual(['reputation_block', 'hard', false, 'text:blocklisted']);
    });

    it("keeps such a code's own reading when the text names nothing", () => {
      expect(outcome({ smtp: { diagnostic: '550 5.7.1 Message refused' } })).toEqual([
        'policy_rejection',
        'hard',
        false,
        'enhanced:5.7.1',
      ]);
    });

    it('lets the text beat a reply code that only suggests a cause', () => {
      expect(outcome({ smtp: { diagnostic: '554 Sorry, no mailbox here by that name' } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'text:mailbox-unknown',
      ]);
    });

    it('lets the codes and text beat the provider verdict', () => {
      const evidence: BounceEvidence = {
        smtp: { diagnostic: '452 4.2.2 Mailbox full' },
        providerVerdict: { provider: 'ses', type: 'Permanent', subType: 'NoEmail' },
      };
      expect(outcome(evidence)).toEqual(['mailbox_full', 'soft', true, 'enhanced:4.2.2']);
    });

    it('falls back to the provider verdict when nothing else speaks', () => {
      const evidence: BounceEvidence = {
        smtp: { diagnostic: 'Delivery failed' },
        providerVerdict: { provider: 'ses', type: 'Permanent', subType: 'NoEmail' },
      };
      expect(outcome(evidence)).toEqual(['mailbox_unknown', 'hard', true, 'verdict:ses:Permanent/NoEmail']);
    });
  });

  describe('the SMTP stage', () => {
    it.each(['connect', 'helo', 'mail_from'] as const)(
      'never counts a refusal at %s against the recipient',
      (stage) => {
        expect(outcome({ smtp: { stage, replyCode: 550, diagnostic: '550 5.1.1 User unknown' } })).toEqual([
          'policy_rejection',
          'hard',
          false,
          `stage:${stage}`,
        ]);
      },
    );

    it('keeps the sender-side cause the codes or text name', () => {
      const evidence = { smtp: { stage: 'mail_from' as const, diagnostic: '451 4.7.1 Greylisted, try again later' } };
      expect(outcome(evidence)).toEqual(['greylisted', 'soft', false, 'stage:mail_from']);
    });

    it.each([
      [
        'Postfix',
        'host mx.example.org[192.0.2.25] said: 550 5.1.1 unknown (in reply to MAIL FROM command)',
        'mail_from',
      ],
      [
        'Exim',
        'SMTP error from remote mail server after pipelined MAIL FROM:<b@example.com>: 550 5.1.1 no',
        'mail_from',
      ],
      [
        'Exim at connection',
        'SMTP error from remote mail server after initial connection: 554 5.7.1 go away',
        'connect',
      ],
      [
        'an EHLO refusal',
        'host mx.example.org said: 504 5.5.2 <localhost>: Helo command rejected (in reply to EHLO command)',
        'helo',
      ],
    ])('reads the stage from %s transcript when the field is absent', (_mta, diagnostic, stage) => {
      expect(classifyBounce({ smtp: { diagnostic } }).rule).toBe(`stage:${stage}`);
      expect(classifyBounce({ smtp: { diagnostic } }).countsAgainstRecipient).toBe(false);
    });

    it('prefers the stage field over a marker in the text', () => {
      const diagnostic = '550 5.1.1 User unknown (in reply to MAIL FROM command)';
      expect(outcome({ smtp: { stage: 'rcpt_to', diagnostic } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'enhanced:5.1.1',
      ]);
    });

    it.each(['rcpt_to', 'data', 'end_of_data'] as const)('lets the code speak after %s', (stage) => {
      expect(outcome({ smtp: { stage, diagnostic: '550 5.1.1 User unknown' } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'enhanced:5.1.1',
      ]);
    });
  });

  describe('policy overrides', () => {
    it('applies only when every field it names matches', () => {
      const overrides = [override({ enhancedStatus: '5.2.2', replyCode: 552, text: /mailbox (is )?full/i })];
      expect(outcome(MAILBOX_FULL, overrides)[3]).toBe('override:0');
      expect(outcome({ smtp: { ...MAILBOX_FULL.smtp, replyCode: 452 } }, overrides)[3]).toBe('enhanced:5.2.2');
      expect(outcome({ smtp: { ...MAILBOX_FULL.smtp, enhancedStatus: '5.2.3' } }, overrides)[3]).not.toBe('override:0');
      expect(outcome(SUBMISSION_QUOTA, overrides)[3]).toBe('provider:microsoft:submission-quota');
    });

    it('matches the text on the normalised reply', () => {
      const overrides = [override({ text: /^550 5\.2\.2 over quota$/i })];
      const diagnostic = '550-5.2.2 Over\r\n550 5.2.2 quota';
      expect(outcome({ smtp: { diagnostic } }, overrides)[3]).toBe('override:0');
    });

    it("matches the provider on the ESP's verdict, whatever its case", () => {
      const overrides = [override({ provider: 'SES' }, 'mailbox_unknown')];
      expect(outcome({ providerVerdict: { provider: 'ses', type: 'Transient' } }, overrides)[3]).toBe('override:0');
      expect(outcome({ providerVerdict: { provider: 'postmark', type: 'SoftBounce' } }, overrides)[3]).not.toBe(
        'override:0',
      );
      expect(outcome({}, overrides)[3]).toBe('fallback:undetermined');
    });

    it('reports the first override that applies, by its index', () => {
      const overrides = [
        override({ replyCode: 421 }),
        override({ replyCode: 552 }),
        override({ enhancedStatus: '5.2.2' }),
      ];
      expect(outcome(MAILBOX_FULL, overrides)[3]).toBe('override:1');
    });

    it('takes class, reason and count from the override as written', () => {
      const overrides: PolicyOverride[] = [
        { match: { replyCode: 552 }, class: 'hard', reason: 'mailbox_disabled', countsAgainstRecipient: false },
      ];
      expect(outcome(MAILBOX_FULL, overrides)).toEqual(['mailbox_disabled', 'hard', false, 'override:0']);
    });

    it('never applies an override that names nothing to match', () => {
      const overrides: PolicyOverride[] = [
        { match: {}, class: 'hard', reason: 'mailbox_unknown', countsAgainstRecipient: true },
      ];
      expect(outcome(MAILBOX_FULL, overrides)[3]).toBe('enhanced:5.2.2');
    });

    it('gives the same answer every time with a global pattern', () => {
      const overrides = [override({ text: /mailbox full/gi })];
      expect(outcome(MAILBOX_FULL, overrides)[3]).toBe('override:0');
      expect(outcome(MAILBOX_FULL, overrides)[3]).toBe('override:0');
    });

    it('treats 5.2.2 submission quota as our quota even under the default policy override for full mailboxes', () => {
      const { overrides } = defaultPolicy();
      expect(outcome(MAILBOX_FULL, overrides)).toEqual(['mailbox_full', 'soft', true, 'override:0']);
      expect(outcome(SUBMISSION_QUOTA, overrides)).toEqual([
        'sender_quota_exceeded',
        'hard',
        false,
        'provider:microsoft:submission-quota',
      ]);
    });
  });

  describe('reasonCountsAgainstRecipient', () => {
    it.each(BOUNCE_REASONS.map((reason) => [reason, !NOT_ABOUT_RECIPIENT.includes(reason)] as const))(
      'says %s counts: %s',
      (reason, counts) => {
        expect(reasonCountsAgainstRecipient(reason)).toBe(counts);
      },
    );
  });

  describe('for any evidence', () => {
    const fragments = [
      'user unknown',
      'mailbox full',
      'blocked using zen.spamhaus.org',
      'Greylisted',
      '(S3150)',
      '[TSS04]',
      'Submission quota exceeded',
      'receiving mail at a rate',
      'RESOLVER.ADR.RecipientNotFound',
      'out of the office',
      'DMARC policy',
      '- gsmtp',
      'rate limited',
      'account disabled',
      'relay access denied',
      '550-5.1.1',
      '421 4.7.28',
      '552 5.2.2',
    ];
    const evidence = fc.record<BounceEvidence>(
      {
        smtp: fc.record(
          {
            replyCode: fc.constantFrom(421, 450, 451, 452, 550, 551, 552, 553, 554),
            enhancedStatus: fc.constantFrom('5.1.1', '4.2.2', '5.2.2', '5.7.1', '5.0.0', '4.7.650', '5.7.26', '5.2.1'),
            diagnostic: fc.array(fc.constantFrom(...fragments), { maxLength: 4 }).map((words) => words.join(' ')),
            stage: fc.constantFrom(...SMTP_STAGES),
          },
          { requiredKeys: [] },
        ),
        providerVerdict: fc.record(
          {
            provider: fc.constantFrom('ses', 'sendgrid', 'mailgun', 'postmark'),
            type: fc.constantFrom('Permanent', 'Transient', 'blocked', 'bounce', 'temporary', 'HardBounce'),
            subType: fc.constantFrom('General', 'NoEmail', 'MailboxFull', 'Invalid Address', 'espblock'),
          },
          { requiredKeys: ['provider'] },
        ),
        dsnStatus: fc.constantFrom('5.0.0', '5.1.1', '4.4.7'),
      },
      { requiredKeys: [] },
    );

    it('never counts a sender-side reason, or a refusal before RCPT TO, against the recipient', () => {
      fc.assert(
        fc.property(evidence, (bounce) => {
          const result = classifyBounce(bounce);
          const senderStage = ['connect', 'helo', 'mail_from'].includes(bounce.smtp?.stage ?? '');
          const senderSide = NOT_ABOUT_RECIPIENT.includes(result.reason);
          return !((senderSide || senderStage) && result.countsAgainstRecipient);
        }),
      );
    });

    it('gives a class that fits the reason and a rule that names its layer', () => {
      const rule =
        /^(?:override:\d+|provider:(?:microsoft|gmail|yahoo|apple|netease|mobile-carrier|mailbox-provider|gateway):[a-z0-9-]+|stage:(?:connect|helo|mail_from)|enhanced:[245]\.\d{1,3}\.(?:\d{1,3}|\*)|reply:\d{3}|text:[a-z-]+|verdict:(?:ses|sendgrid|mailgun|postmark):.+|fallback:undetermined)$/;
      const alwaysSoft: readonly BounceReason[] = ['mailbox_full', 'mailbox_unavailable', 'greylisted'];
      fc.assert(
        fc.property(evidence, (bounce) => {
          const result = classifyBounce(bounce);
          const undetermined = result.reason === 'undetermined';
          return (
            (result.class === 'undetermined') === undetermined &&
            !(result.class === 'hard' && alwaysSoft.includes(result.reason)) &&
            rule.test(result.rule)
          );
        }),
      );
    });

    it('is deterministic, so replay reproduces the recorded classification', () => {
      fc.assert(fc.property(evidence, (bounce) => expect(classifyBounce(bounce)).toEqual(classifyBounce(bounce))));
    });
  });
});
