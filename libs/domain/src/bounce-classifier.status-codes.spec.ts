import type { BounceClass, BounceReason } from './classification';
import type { Outcome } from './testing/bounce-outcome';
import { outcomeOf as outcome, UNDETERMINED } from './testing/bounce-outcome';

describe('enhanced status codes (RFC 3463 and the IANA registry)', () => {
  // [code, reason, class, counts] for a permanent (5.x.x) code with no reply text to refine it.
  const everyDetail: [string, BounceReason, BounceClass, boolean][] = [
    ['5.1.1', 'mailbox_unknown', 'hard', true],
    ['5.1.2', 'domain_unknown', 'hard', true],
    ['5.1.3', 'address_invalid', 'hard', true],
    ['5.1.4', 'address_invalid', 'hard', true],
    ['5.1.6', 'recipient_moved', 'hard', true],
    ['5.1.7', 'policy_rejection', 'hard', false],
    ['5.1.8', 'authentication_failed', 'hard', false],
    ['5.1.10', 'domain_unknown', 'hard', true],
    ['5.2.0', 'mailbox_unavailable', 'soft', true],
    ['5.2.1', 'mailbox_disabled', 'soft', true],
    ['5.2.2', 'mailbox_full', 'soft', true],
    ['5.2.3', 'message_too_large', 'hard', false],
    ['5.2.4', 'mailbox_unavailable', 'soft', true],
    ['5.3.0', 'recipient_server_unavailable', 'hard', false],
    ['5.3.1', 'recipient_server_unavailable', 'hard', false],
    ['5.3.2', 'recipient_server_unavailable', 'hard', false],
    ['5.3.3', 'content_rejected', 'hard', false],
    ['5.3.4', 'message_too_large', 'hard', false],
    ['5.3.5', 'recipient_server_unavailable', 'hard', false],
    ['5.4.0', 'recipient_server_unavailable', 'hard', false],
    ['5.4.1', 'recipient_server_unavailable', 'hard', false],
    ['5.4.2', 'recipient_server_unavailable', 'hard', false],
    ['5.4.3', 'recipient_server_unavailable', 'hard', false],
    ['5.4.4', 'recipient_server_unavailable', 'hard', false],
    ['5.4.5', 'rate_limited', 'hard', false],
    ['5.4.6', 'recipient_server_unavailable', 'hard', false],
    ['5.5.1', 'policy_rejection', 'hard', false],
    ['5.5.2', 'policy_rejection', 'hard', false],
    ['5.5.3', 'rate_limited', 'hard', false],
    ['5.5.4', 'policy_rejection', 'hard', false],
    ['5.5.5', 'policy_rejection', 'hard', false],
    ['5.5.6', 'authentication_failed', 'hard', false],
    ['5.6.0', 'content_rejected', 'hard', false],
    ['5.6.1', 'content_rejected', 'hard', false],
    ['5.6.2', 'content_rejected', 'hard', false],
    ['5.6.3', 'content_rejected', 'hard', false],
    ['5.6.4', 'content_rejected', 'hard', false],
    ['5.6.5', 'content_rejected', 'hard', false],
    ['5.6.6', 'content_rejected', 'hard', false],
    ['5.6.7', 'policy_rejection', 'hard', false],
    ['5.6.8', 'policy_rejection', 'hard', false],
    ['5.6.9', 'content_rejected', 'hard', false],
    ['5.6.10', 'policy_rejection', 'hard', false],
    ['5.7.0', 'policy_rejection', 'hard', false],
    ['5.7.1', 'policy_rejection', 'hard', false],
    ['5.7.2', 'policy_rejection', 'hard', false],
    ['5.7.3', 'policy_rejection', 'hard', false],
    ['5.7.4', 'policy_rejection', 'hard', false],
    ['5.7.5', 'authentication_failed', 'hard', false],
    ['5.7.6', 'authentication_failed', 'hard', false],
    ['5.7.7', 'authentication_failed', 'hard', false],
    ['5.7.8', 'authentication_failed', 'hard', false],
    ['5.7.9', 'authentication_failed', 'hard', false],
    ['5.7.10', 'policy_rejection', 'hard', false],
    ['5.7.11', 'authentication_failed', 'hard', false],
    ['5.7.12', 'authentication_failed', 'hard', false],
    ['5.7.13', 'authentication_failed', 'hard', false],
    ['5.7.14', 'policy_rejection', 'hard', false],
    ['5.7.15', 'policy_rejection', 'hard', false],
    ['5.7.16', 'message_too_large', 'hard', false],
    ['5.7.17', 'recipient_moved', 'hard', true],
    ['5.7.18', 'domain_unknown', 'hard', true],
    ['5.7.20', 'authentication_failed', 'hard', false],
    ['5.7.21', 'authentication_failed', 'hard', false],
    ['5.7.22', 'authentication_failed', 'hard', false],
    ['5.7.23', 'authentication_failed', 'hard', false],
    ['5.7.24', 'authentication_failed', 'hard', false],
    ['5.7.25', 'authentication_failed', 'hard', false],
    ['5.7.26', 'authentication_failed', 'hard', false],
    ['5.7.27', 'authentication_failed', 'hard', false],
    ['5.7.28', 'rate_limited', 'hard', false],
    ['5.7.29', 'authentication_failed', 'hard', false],
    ['5.7.30', 'policy_rejection', 'hard', false],
  ];

  it.each(everyDetail)('reads %s as %s (%s, counts: %s)', (code, reason, bounceClass, counts) => {
    expect(outcome({ smtp: { enhancedStatus: code } })).toEqual([reason, bounceClass, counts, `enhanced:${code}`]);
  });

  it.each(['2.0.0', '2.1.5'])('reads the success code %s as no failure at all, which never counts', (code) => {
    expect(outcome({ smtp: { enhancedStatus: code } })).toEqual([
      'undetermined',
      'undetermined',
      false,
      `enhanced:${code}`,
    ]);
  });

  it.each(['5.0.0', '5.1.0', '5.1.5', '5.1.9'])('finds no cause in %s alone and leaves it undetermined', (code) => {
    expect(outcome({ smtp: { enhancedStatus: code } })).toEqual(UNDETERMINED);
  });

  it.each(['5.3.6', '5.5.0', '5.7.19'])(
    'finds no cause in %s alone, but its subject rules out the recipient, so it never counts',
    (code) => {
      expect(outcome({ smtp: { enhancedStatus: code } })).toEqual([
        'undetermined',
        'undetermined',
        false,
        'fallback:undetermined',
      ]);
    },
  );

  it('reads an expired delivery time (5.4.7) alone as the receiving side being unreachable', () => {
    expect(outcome({ smtp: { enhancedStatus: '5.4.7' } })).toEqual([
      'recipient_server_unavailable',
      'soft',
      false,
      'enhanced:5.4.7',
    ]);
  });

  it.each<[string, BounceReason, BounceClass, boolean]>([
    ['4.1.1', 'mailbox_unknown', 'soft', true],
    ['4.2.1', 'mailbox_disabled', 'soft', true],
    ['4.2.2', 'mailbox_full', 'soft', true],
    ['4.4.1', 'recipient_server_unavailable', 'soft', false],
    ['4.7.1', 'policy_rejection', 'soft', false],
    ['4.7.26', 'authentication_failed', 'soft', false],
  ])('reads the transient %s as %s, soft', (code, reason, bounceClass, counts) => {
    expect(outcome({ smtp: { enhancedStatus: code } })).toEqual([reason, bounceClass, counts, `enhanced:${code}`]);
  });

  describe('an unknown detail', () => {
    it.each<[string, Outcome]>([
      ['5.7.606', ['policy_rejection', 'hard', false, 'enhanced:5.7.*']],
      ['5.4.300', ['recipient_server_unavailable', 'hard', false, 'enhanced:5.4.*']],
      ['5.2.99', ['mailbox_unavailable', 'soft', true, 'enhanced:5.2.*']],
      ['5.6.42', ['content_rejected', 'hard', false, 'enhanced:5.6.*']],
    ])('falls back to the meaning of its subject (%s)', (code, expected) => {
      expect(outcome({ smtp: { enhancedStatus: code } })).toEqual(expected);
    });

    it('stays undetermined where the subject itself says nothing (5.1.90)', () => {
      expect(outcome({ smtp: { enhancedStatus: '5.1.90' } })).toEqual(UNDETERMINED);
    });

    it('lets the text decide before the subject-level reading', () => {
      expect(
        outcome({ smtp: { enhancedStatus: '5.7.999', diagnostic: 'Client host blocked using zen.spamhaus.org' } }),
      ).toEqual(['reputation_block', 'hard', false, 'text:blocklisted']);
    });

    it('has no reading for a subject outside RFC 3463 (5.9.1)', () => {
      expect(outcome({ smtp: { enhancedStatus: '5.9.1' } })).toEqual(UNDETERMINED);
    });
  });

  describe('where the code comes from', () => {
    it('uses the DSN Status when the SMTP evidence has no enhanced code', () => {
      expect(outcome({ dsnStatus: '5.1.1' })).toEqual(['mailbox_unknown', 'hard', true, 'enhanced:5.1.1']);
    });

    it('accepts a DSN Status followed by its comment', () => {
      expect(outcome({ dsnStatus: '5.1.1 (bad destination mailbox address)' })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'enhanced:5.1.1',
      ]);
    });

    it('prefers the SMTP enhanced code over the DSN Status', () => {
      expect(outcome({ smtp: { enhancedStatus: '4.2.2' }, dsnStatus: '5.1.1' })).toEqual([
        'mailbox_full',
        'soft',
        true,
        'enhanced:4.2.2',
      ]);
    });

    it('uses the enhanced code inside the reply text when the field is absent', () => {
      expect(outcome({ smtp: { diagnostic: 'smtp; 550 5.1.1 <gone@example.org>: ok, gone' } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'enhanced:5.1.1',
      ]);
    });

    it('prefers the specific code in the text over a generic 5.0.0 DSN Status', () => {
      const evidence = { dsnStatus: '5.0.0', smtp: { diagnostic: '452 4.2.2 Over quota' } };
      expect(outcome(evidence)).toEqual(['mailbox_full', 'soft', true, 'enhanced:4.2.2']);
    });

    it('does not turn an expired 4xx deferral into a hard bounce because the DSN says 5.0.0', () => {
      const evidence = { dsnStatus: '5.0.0', smtp: { diagnostic: '451 4.7.1 Greylisted, retry timeout exceeded' } };
      expect(outcome(evidence)).toEqual(['greylisted', 'soft', false, 'text:greylisted']);
    });

    it('ignores a malformed enhanced code and falls back to the text', () => {
      expect(outcome({ smtp: { enhancedStatus: 'five.one.one', diagnostic: 'No such user here' } })).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'text:mailbox-unknown',
      ]);
    });

    it('does not mistake an IP address or a Yahoo status token for an enhanced code', () => {
      expect(outcome({ smtp: { diagnostic: 'Connection to 5.1.1.4 failed - 4.16.55.1 [#4.16.1]' } })).toEqual(
        UNDETERMINED,
      );
    });
  });

  it('takes the class from the reply code when the two codes disagree', () => {
    expect(outcome({ smtp: { replyCode: 550, enhancedStatus: '4.7.1' } })).toEqual([
      'policy_rejection',
      'hard',
      false,
      'enhanced:4.7.1',
    ]);
  });
});

describe('reply codes (RFC 5321)', () => {
  it.each<[number, Outcome]>([
    [421, ['rate_limited', 'soft', false, 'reply:421']],
    [521, ['domain_unknown', 'hard', true, 'reply:521']],
    [530, ['authentication_failed', 'hard', false, 'reply:530']],
    [535, ['authentication_failed', 'hard', false, 'reply:535']],
    [551, ['recipient_moved', 'hard', true, 'reply:551']],
    [553, ['address_invalid', 'hard', true, 'reply:553']],
    [554, ['policy_rejection', 'hard', false, 'reply:554']],
    [555, ['policy_rejection', 'hard', false, 'reply:555']],
    [556, ['domain_unknown', 'hard', true, 'reply:556']],
  ])('reads a bare %i as %j', (replyCode, expected) => {
    expect(outcome({ smtp: { replyCode } })).toEqual(expected);
  });

  it.each([450, 451, 452, 550, 552, 432])(
    'finds no cause in a bare %i (used for unknown users and blocks alike) and leaves it undetermined',
    (replyCode) => {
      expect(outcome({ smtp: { replyCode } })).toEqual(UNDETERMINED);
    },
  );

  it.each<[string, Outcome]>([
    ['550 Requested action not taken: no such user here', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
    ['550 Message rejected: blocked using bl.spamcop.net', ['reputation_block', 'hard', false, 'text:blocklisted']],
    [
      '552 Requested mail action aborted: exceeded storage allocation, mailbox full',
      ['mailbox_full', 'soft', true, 'text:mailbox-full'],
    ],
    [
      '552 Message size exceeds fixed maximum message size',
      ['message_too_large', 'hard', false, 'text:message-too-large'],
    ],
    ['452 Too many recipients received this hour', ['rate_limited', 'soft', false, 'text:rate-limited']],
    ['450 Greylisted for 5 minutes', ['greylisted', 'soft', false, 'text:greylisted']],
    [
      '451 Temporary local problem - please try later',
      ['recipient_server_unavailable', 'soft', false, 'text:recipient-server'],
    ],
  ])('lets the text name the cause behind an ambiguous code: %s', (diagnostic, expected) => {
    expect(outcome({ smtp: { diagnostic } })).toEqual(expected);
  });

  it('uses the reply code found in the text when the field is absent', () => {
    expect(outcome({ smtp: { diagnostic: '551 User not local; please try <jane@new.example>' } })).toEqual([
      'recipient_moved',
      'hard',
      true,
      'reply:551',
    ]);
  });

  it('prefers the reply code field over one quoted in the text', () => {
    expect(outcome({ smtp: { replyCode: 421, diagnostic: '554 closing' } })).toEqual([
      'rate_limited',
      'soft',
      false,
      'reply:421',
    ]);
  });
});
