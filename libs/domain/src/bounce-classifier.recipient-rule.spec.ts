import fc from 'fast-check';
import { classifyBounce } from './bounce-classifier';
import type { BounceEvidence } from './bounce-evidence';
import type { BounceReason } from './classification';
import type { Outcome } from './testing/bounce-outcome';
import { counting, notCounting, outcomeOf as outcome, replyOutcome } from './testing/bounce-outcome';

// reference/dsn-and-status-codes.md section 6.4 and provider-gray-areas.md section 7: every X.3 to X.7 condition, and
// any refusal at connect, EHLO or MAIL FROM, is someone else's trouble; only text-confirmed address conditions count.
describe('the bounce classifier never punishes a recipient for trouble that is not theirs', () => {
  describe('the replies users reported', () => {
    it.each<[string, Outcome]>([
      [
        '421-4.7.0 Try again later, closing connection. (EHLO) a1b2c3d4e5 - gsmtp',
        notCounting('rate_limited', 'soft', 'provider:gmail:closing-connection'),
      ],
      [
        '421 4.3.2 Service not available, closing transmission channel',
        notCounting('recipient_server_unavailable', 'soft', 'text:recipient-server'),
      ],
      [
        '451 4.3.0 Temporary System Problem',
        notCounting('recipient_server_unavailable', 'soft', 'text:recipient-server'),
      ],
      ['451 4.4.2 Timeout', notCounting('recipient_server_unavailable', 'soft', 'enhanced:4.4.2')],
      ['554 5.4.14 Hop count exceeded', notCounting('recipient_server_unavailable', 'soft', 'text:mail-loop')],
      [
        '554 5.7.1 <jane@example.net>: Relay access denied',
        notCounting('recipient_server_unavailable', 'hard', 'text:relay-denied'),
      ],
      [
        '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException',
        notCounting('sender_quota_exceeded', 'hard', 'provider:microsoft:submission-quota'),
      ],
    ])('does not count "%s"', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });

    it("counts Gmail's 550 5.2.1 receiving-rate reply as the recipient's flooded mailbox: soft", () => {
      const diagnostic =
        '550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered. 550 5.2.1 https://support.google.com/mail/?p=ReceivingRatePerm a1b2c3 - gsmtp';
      expect(replyOutcome(diagnostic)).toEqual(
        counting('mailbox_unavailable', 'soft', 'provider:gmail:receiving-rate'),
      );
    });

    it("counts Exim's 550 Unrouteable address as a dead address: hard, not undetermined", () => {
      expect(replyOutcome('550 Unrouteable address')).toEqual(
        counting('domain_unknown', 'hard', 'text:domain-unknown'),
      );
    });
  });

  describe('a code that rules out the mailbox outranks every generic phrase', () => {
    it.each<[string, Outcome]>([
      ['554 5.7.1 Mailbox full', notCounting('policy_rejection', 'hard', 'enhanced:5.7.1')],
      ['552 5.3.0 Mailbox is full', notCounting('recipient_server_unavailable', 'hard', 'enhanced:5.3.0')],
      [
        '452 4.4.1 Mailbox full, try again later',
        notCounting('recipient_server_unavailable', 'soft', 'enhanced:4.4.1'),
      ],
      ['550 5.7.0 Recipient temporarily unavailable', notCounting('policy_rejection', 'hard', 'enhanced:5.7.0')],
    ])('"%s" does not count, and the code names the reason', (diagnostic, expected) => {
      expect(replyOutcome(diagnostic)).toEqual(expected);
    });

    it('keeps the phrase as the reason when the code has no reading of its own, but still does not count it', () => {
      expect(replyOutcome('550 5.5.0 Requested action not taken: mailbox unavailable')).toEqual(
        notCounting('mailbox_unavailable', 'soft', 'text:mailbox-unavailable'),
      );
    });

    it.each<[string, Outcome]>([
      ['550 5.7.1 No such user!', counting('mailbox_unknown', 'hard', 'text:mailbox-unknown')],
      [
        '554 5.7.1 <jane@example.net>: Recipient address rejected: user jane does not exist',
        counting('mailbox_unknown', 'hard', 'text:mailbox-unknown'),
      ],
      [
        '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain',
        counting('domain_unknown', 'hard', 'text:domain-unknown'),
      ],
      [
        '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:directory-edge-block'),
      ],
    ])(
      'still counts words that name the address as unknown or its domain as non-existent: %s',
      (diagnostic, expected) => {
        expect(replyOutcome(diagnostic)).toEqual(expected);
      },
    );

    it('does not let the reply-code family count under such a code', () => {
      expect(outcome({ smtp: { replyCode: 551, enhancedStatus: '5.5.0' } })).toEqual([
        'recipient_moved',
        'hard',
        false,
        'reply:551',
      ]);
    });

    it("does not count a bounce it cannot explain when the code's subject rules out the mailbox", () => {
      expect(outcome({ smtp: { diagnostic: '554 5.6.99 Unexpected' } })).toEqual(
        notCounting('content_rejected', 'hard', 'enhanced:5.6.*'),
      );
      expect(outcome({ smtp: { enhancedStatus: '5.5.0' } })).toEqual([
        'undetermined',
        'undetermined',
        false,
        'fallback:undetermined',
      ]);
    });

    it('never counts the sender-address details X.1.7 and X.1.8, whatever the words say', () => {
      expect(replyOutcome('553 5.1.7 The sender address is not a valid mailbox, user unknown')).toEqual(
        notCounting('policy_rejection', 'hard', 'enhanced:5.1.7'),
      );
    });

    it('still counts the RRVS codes, which report that the mailbox or domain changed owner', () => {
      expect(replyOutcome('550 5.7.17 Mailbox owner has changed')).toEqual(
        counting('recipient_moved', 'hard', 'enhanced:5.7.17'),
      );
    });

    it('lets a policy override count under such a code, because an administrator chose it', () => {
      const overrides = [
        {
          match: { enhancedStatus: '5.7.1' },
          class: 'soft' as const,
          reason: 'mailbox_full' as const,
          countsAgainstRecipient: true,
        },
      ];
      expect(outcome({ smtp: { diagnostic: '554 5.7.1 Mailbox full' } }, overrides)).toEqual(
        counting('mailbox_full', 'soft', 'override:0'),
      );
    });
  });

  describe('a 5xx with no enhanced code', () => {
    it.each<[string, BounceReason]>([
      ['550 Access denied - Invalid HELO name (See RFC2821 4.1.1.1)', 'policy_rejection'],
      ['554 Your IP 203.0.113.9 has been blocked', 'reputation_block'],
      ['550 Message rejected, see http://spf.pobox.com/why.html', 'authentication_failed'],
      ['501 Syntax error in parameters or arguments', 'policy_rejection'],
      ['550 Mail is rejected by recipients', 'policy_rejection'],
      ['553 Relaying disallowed as <bounce@example.com>', 'recipient_server_unavailable'],
      ['521 Block permanently (Sender Filtering/Authentication)', 'reputation_block'],
    ])('does not count sender-side or receiving-side words: %s', (diagnostic, reason) => {
      const result = classifyBounce({ smtp: { diagnostic } });
      expect([result.reason, result.countsAgainstRecipient]).toEqual([reason, false]);
    });

    it('reads a bare 521 as a host that takes no mail, and 500 to 504 as errors in our own commands', () => {
      expect(outcome({ smtp: { replyCode: 521 } })).toEqual(counting('domain_unknown', 'hard', 'reply:521'));
      expect(outcome({ smtp: { replyCode: 501 } })).toEqual(notCounting('policy_rejection', 'hard', 'reply:501'));
    });
  });

  describe('words that place the refusal before RCPT TO', () => {
    it.each<[string, string]>([
      ['550 5.1.1 <bounce@example.com>: Sender address rejected: User unknown', 'stage:mail_from'],
      ['550 5.7.1 MAIL FROM rejected: User unknown', 'stage:mail_from'],
      ['550 Sender verify failed', 'stage:mail_from'],
      ['504 5.5.2 <localhost>: Helo command rejected: Host not found', 'stage:helo'],
      ['550 Access denied - Invalid HELO name: user unknown', 'stage:helo'],
      ['554 Connection rejected: no such user', 'stage:connect'],
      ['553 5.7.1 Connections will not be accepted from 203.0.113.9', 'stage:connect'],
    ])('never counts "%s"', (diagnostic, rule) => {
      const result = classifyBounce({ smtp: { diagnostic } });
      expect([result.rule, result.countsAgainstRecipient]).toEqual([rule, false]);
    });

    it('reads the command from a Sendmail transcript', () => {
      const transcript =
        '----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> MAIL From:<news@example.com> SIZE=2048\n<<< 550 5.7.1 Rejected: 192.0.2.16 listed at bl.spamcop.net\n554 5.0.0 Service unavailable';
      expect(replyOutcome(transcript)).toEqual(notCounting('reputation_block', 'hard', 'stage:mail_from'));
      const rcpt =
        '----- Transcript of session follows -----\n>>> RCPT To:<jane@example.net>\n<<< 550 5.1.1 <jane@example.net>... User unknown';
      expect(replyOutcome(rcpt)).toEqual(counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'));
    });

    it('reads a refused envelope sender as a refusal of us, even when the words blame the server', () => {
      expect(replyOutcome('421 4.3.2 Service not available', { stage: 'mail_from' })).toEqual(
        notCounting('policy_rejection', 'soft', 'stage:mail_from'),
      );
      expect(replyOutcome('421 4.3.2 Service not available', { stage: 'connect' })).toEqual(
        notCounting('recipient_server_unavailable', 'soft', 'stage:connect'),
      );
    });

    it('keeps the transcript marker ahead of the words', () => {
      const diagnostic =
        '550 5.1.1 <jane@example.net>: Recipient address rejected: User unknown (in reply to RCPT TO command)';
      expect(replyOutcome(diagnostic)).toEqual(counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'));
    });
  });

  it('does not count a DNS lookup that failed for now as a non-existent domain', () => {
    const diagnostic =
      'Host or domain name not found. Name service error for name=example.net type=MX: Host not found, try again';
    expect(replyOutcome(diagnostic, { enhancedStatus: '5.4.4' })).toEqual(
      notCounting('recipient_server_unavailable', 'hard', 'text:dns-temporary'),
    );
    expect(replyOutcome('550 5.4.312 DNS query failed [Message=ServerFailure]')).toEqual(
      notCounting('recipient_server_unavailable', 'hard', 'text:dns-temporary'),
    );
  });

  it('still counts a transient 4.1.2 whose words say the domain was not found, as soft', () => {
    expect(replyOutcome('450 4.1.2 <jane@example.invalid>: Recipient address rejected: Domain not found')).toEqual(
      counting('domain_unknown', 'soft', 'text:domain-unknown'),
    );
  });

  it('reads a greeting refusal reported by Postfix as a refusal at connect', () => {
    const diagnostic = 'host mx.example.net[192.0.2.60] refused to talk to me: 554 mx.example.net user unknown';
    expect(replyOutcome(diagnostic)).toEqual(notCounting('policy_rejection', 'hard', 'stage:connect'));
  });

  it('reads a transient 4.1.2 as a DNS lookup that failed for now, which proves nothing about the domain', () => {
    expect(replyOutcome("Sorry, I couldn't find any host by that name. (#4.1.2)")).toEqual(
      notCounting('recipient_server_unavailable', 'soft', 'enhanced:4.1.2'),
    );
    expect(replyOutcome("Sorry, I couldn't find any host named example.invalid. (#5.1.2)")).toEqual(
      counting('domain_unknown', 'hard', 'enhanced:5.1.2'),
    );
    expect(replyOutcome('Domain example.net does not accept mail (nullMX)', { enhancedStatus: '5.4.4' })).toEqual(
      counting('domain_unknown', 'hard', 'text:domain-unknown'),
    );
  });

  describe('for any evidence', () => {
    const notAboutMailbox = fc
      .tuple(fc.constantFrom('4', '5'), fc.constantFrom('3', '4', '5', '6', '7'), fc.integer({ min: 0, max: 999 }))
      .filter(([, subject, detail]) => !(subject === '7' && (detail === 17 || detail === 18)))
      .map(([statusClass, subject, detail]) => `${statusClass}.${subject}.${detail}`);
    const words = fc.constantFrom(
      'mailbox full',
      'over quota',
      'mailbox unavailable',
      'receiving mail at a rate',
      'recipient thread limit exceeded',
      'try again later',
      'Delivery failed',
      '',
    );
    const evidence = fc.record<BounceEvidence>({
      smtp: fc.record({
        replyCode: fc.constantFrom(421, 450, 451, 452, 550, 552, 553, 554),
        enhancedStatus: notAboutMailbox,
        diagnostic: words,
      }),
    });

    it('never counts a bounce under an X.3 to X.7 code unless words name an address condition', () => {
      fc.assert(fc.property(evidence, (bounce) => !classifyBounce(bounce).countsAgainstRecipient));
    });
  });
});
