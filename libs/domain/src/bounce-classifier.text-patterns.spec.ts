import type { Outcome } from './testing/bounce-outcome';
import { replyOutcome as outcome } from './testing/bounce-outcome';

describe('generic text patterns', () => {
  describe('every reason can be recognised from the words alone', () => {
    it.each<[string, Outcome]>([
      ['No such user here', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      ['<jane@example.org>: user unknown', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      ['The recipient mailbox does not exist', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      ['Invalid recipient <jane@example.org>', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      [
        'Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
        ['domain_unknown', 'hard', true, 'text:domain-unknown'],
      ],
      [
        'Domain example.invalid does not accept mail (null MX)',
        ['domain_unknown', 'hard', true, 'text:domain-unknown'],
      ],
      ['Bad recipient address syntax', ['address_invalid', 'hard', true, 'text:address-invalid']],
      ['This account has been disabled or discontinued', ['mailbox_disabled', 'hard', true, 'text:mailbox-disabled']],
      ['Mailbox is inactive', ['mailbox_disabled', 'hard', true, 'text:mailbox-disabled']],
      ['The mailbox has moved, no forwarding address', ['recipient_moved', 'hard', true, 'text:recipient-moved']],
      ['Mailbox is full', ['mailbox_full', 'soft', true, 'text:mailbox-full']],
      ['User is over quota', ['mailbox_full', 'soft', true, 'text:mailbox-full']],
      ['Mailbox size limit exceeded', ['mailbox_full', 'soft', true, 'text:mailbox-full']],
      [
        'Requested action not taken: mailbox unavailable',
        ['mailbox_unavailable', 'soft', true, 'text:mailbox-unavailable'],
      ],
      ['Connection timed out', ['recipient_server_unavailable', 'soft', false, 'text:recipient-server']],
      [
        'Message size exceeds fixed maximum message size',
        ['message_too_large', 'hard', false, 'text:message-too-large'],
      ],
      ['Message too large for this mailbox server', ['message_too_large', 'hard', false, 'text:message-too-large']],
      ['Message contains a virus', ['content_rejected', 'hard', false, 'text:content-rejected']],
      ['Message content rejected', ['content_rejected', 'hard', false, 'text:content-rejected']],
      ['DKIM signature verification failed', ['authentication_failed', 'soft', false, 'text:authentication']],
      ['Your IP has a poor reputation', ['reputation_block', 'soft', false, 'text:spam']],
      ['Message rejected as spam by Content Filtering', ['reputation_block', 'soft', false, 'text:spam']],
      ['Your IP 203.0.113.9 is blacklisted', ['reputation_block', 'soft', false, 'text:blocklisted']],
      ['Sending IP is blocklisted at example-rbl.org', ['reputation_block', 'soft', false, 'text:blocklisted']],
      ['Rate limit exceeded, slow down', ['rate_limited', 'soft', false, 'text:rate-limited']],
      ['Too many connections from your IP', ['rate_limited', 'soft', false, 'text:rate-limited']],
      ['Greylisting in action, please come back later', ['greylisted', 'soft', false, 'text:greylisted']],
      ['Please try again in 300 seconds', ['greylisted', 'soft', false, 'text:greylisted']],
      ['Rejected by administrative prohibition', ['policy_rejection', 'soft', false, 'text:policy']],
      ['Message blocked', ['reputation_block', 'soft', false, 'text:blocked']],
    ])('%s', (diagnostic, expected) => {
      expect(outcome(diagnostic)).toEqual(expected);
    });
  });

  describe('sender-side phrases are checked before recipient phrases', () => {
    it('keeps a block that quotes the recipient a block', () => {
      expect(outcome('550 5.7.1 Mail for unknown user jane@example.org blocked using b.barracudacentral.org')).toEqual([
        'reputation_block',
        'hard',
        false,
        'text:blocklisted',
      ]);
    });

    it('reads "blocked" alone as a block only when no mailbox phrase says otherwise', () => {
      expect(outcome('550 Account blocked: user unknown')).toEqual([
        'mailbox_unknown',
        'hard',
        true,
        'text:mailbox-unknown',
      ]);
    });

    it('does not read our own sender domain not resolving as an unknown recipient domain', () => {
      expect(outcome('450 4.1.8 <bounces@example.com>: Sender address rejected: Domain not found')).toEqual([
        'authentication_failed',
        'soft',
        false,
        'stage:mail_from',
      ]);
      expect(outcome('450 <bounces@example.com>: Sender address rejected: Domain not found')).toEqual([
        'policy_rejection',
        'soft',
        false,
        'stage:mail_from',
      ]);
    });

    it('does not read "mailbox size limit" as a message that is too large', () => {
      expect(outcome('552 Mailbox size limit exceeded')).toEqual(['mailbox_full', 'soft', true, 'text:mailbox-full']);
    });

    it('reads insufficient system storage as the server, not the mailbox', () => {
      expect(outcome('452 Insufficient system storage')).toEqual([
        'recipient_server_unavailable',
        'soft',
        false,
        'text:recipient-server',
      ]);
    });
  });

  describe('"Recipient address rejected:" is a Postfix prefix, not a verdict', () => {
    it.each<[string, Outcome]>([
      [
        '550 5.1.1 <someone@example.net>: Recipient address rejected: User unknown in virtual mailbox table',
        ['mailbox_unknown', 'hard', true, 'enhanced:5.1.1'],
      ],
      [
        '<someone@example.net>: Recipient address rejected: User unknown in local recipient table',
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      [
        '450 4.2.0 <someone@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
        ['greylisted', 'soft', false, 'text:greylisted'],
      ],
      [
        '554 5.7.1 <someone@example.net>: Recipient address rejected: Relay access denied',
        ['recipient_server_unavailable', 'hard', false, 'text:relay-denied'],
      ],
      [
        '554 5.7.1 <someone@example.net>: Recipient address rejected: Access denied',
        ['policy_rejection', 'hard', false, 'text:denied'],
      ],
      [
        '550 5.7.1 <someone@example.net>: Recipient address rejected: Policy rejection not logged in',
        ['policy_rejection', 'hard', false, 'text:policy'],
      ],
    ])('%s', (diagnostic, expected) => {
      expect(outcome(diagnostic)).toEqual(expected);
    });
  });

  describe('block lists quoted inside 5.7.1', () => {
    it.each([
      '550 5.7.1 Service unavailable, Client host [203.0.113.9] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/203.0.113.9',
      '554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using bl.spamcop.net',
      '550 5.7.1 Rejected: 203.0.113.9 listed at dnsbl.sorbs.net',
      '554 5.7.1 Your IP is listed on UCEPROTECT level 2',
      '550 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=203.0.113.9 (DNSBL)',
    ])('never counts "%s" against the recipient, even at RCPT TO', (diagnostic) => {
      expect(outcome(diagnostic, { stage: 'rcpt_to' })).toEqual([
        'reputation_block',
        'hard',
        false,
        'text:blocklisted',
      ]);
    });
  });

  describe('recipient-organisation policy', () => {
    it.each([
      '550 5.7.1 Sender not allowed to send to this address',
      '550 5.7.1 This domain only accepts mail from its partners',
      '550 5.7.1 Message rejected by recipient policy',
      '553 5.7.1 Sender is not permitted to send to this list',
    ])('treats "%s" as a policy rejection that does not count', (diagnostic) => {
      expect(outcome(diagnostic)).toEqual(['policy_rejection', 'hard', false, 'text:policy']);
    });
  });

  it('does not count a person blocking us as a bounce about the address', () => {
    expect(outcome('550 5.7.1 The recipient has blocked the sender')).toEqual([
      'policy_rejection',
      'hard',
      false,
      'text:blocked-by-recipient',
    ]);
  });

  it('never counts an out-of-office reply that reached the bounce address', () => {
    expect(outcome('I am out of the office until Monday with limited access to email.')).toEqual([
      'undetermined',
      'undetermined',
      false,
      'text:auto-reply',
    ]);
  });

  it('does not read "no longer monitored" as an invalid address', () => {
    expect(outcome('This address is no longer monitored. Please write to help@example.org.')).toEqual([
      'undetermined',
      'undetermined',
      false,
      'text:auto-reply',
    ]);
  });

  it('classifies an expired retry from the last real answer quoted in it', () => {
    const expired = 'retry timeout exceeded; last error: 451 4.7.1 Greylisted, please try again in 180 seconds';
    expect(outcome(expired)).toEqual(['greylisted', 'soft', false, 'text:greylisted']);
  });

  it('reads an expiry with no quoted answer as the receiving side being unreachable, which never counts', () => {
    expect(outcome('4.4.7 Delivery time expired')).toEqual([
      'recipient_server_unavailable',
      'soft',
      false,
      'text:expired',
    ]);
  });

  it('reads a 5xx greylist as soft, since greylisting always clears', () => {
    expect(outcome('550 Greylisted, come back later')).toEqual(['greylisted', 'soft', false, 'text:greylisted']);
  });

  describe('phrases from published replies of many MTAs and providers', () => {
    it.each<[string, Outcome]>([
      ['550 Unrouteable address', ['domain_unknown', 'hard', true, 'text:domain-unknown']],
      ['550 Host unknown', ['domain_unknown', 'hard', true, 'text:domain-unknown']],
      [
        "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)",
        ['domain_unknown', 'hard', true, 'text:domain-unknown'],
      ],
      [
        '550 5.4.310 DNS domain example.invalid does not exist [Message=InfoDomainNonexistent]',
        ['domain_unknown', 'hard', true, 'text:domain-unknown'],
      ],
      [
        '554 delivery error: dd jane@example.net is no longer valid. [-20]',
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      [
        "550 'jane@example.net' is not a registered gateway user",
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      ['550 The recipient does not have a mailbox', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      [
        "X-Notes; Recipient's Domino Directory entry does not specify a valid Notes mail file",
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      [
        '550 User jane@example.org not listed in Domino Directory',
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      ['550 5.0.0 <jane@example.net>... User is unknown', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      [
        "The email address you entered couldn't be found. Please check the recipient's email address",
        ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown'],
      ],
      [
        '554 5.7.1 This message has been blocked because it contains a banned attachment',
        ['content_rejected', 'hard', false, 'text:content-rejected'],
      ],
      ['550 mailbox temporarily disabled', ['mailbox_disabled', 'hard', true, 'text:mailbox-disabled']],
      ['550 This address no longer accepts mail.', ['mailbox_disabled', 'hard', true, 'text:mailbox-disabled']],
      [
        '452 Message for <jane@example.net> would exceed mailbox quota',
        ['mailbox_full', 'soft', true, 'text:mailbox-full'],
      ],
      ['Allocated mailbox storage exceeded (#1.02)', ['mailbox_full', 'soft', true, 'text:mailbox-full']],
      ['Out of disk space (#1.03)', ['recipient_server_unavailable', 'soft', false, 'text:recipient-server']],
      [
        'all relevant MX records point to non-existent hosts',
        ['recipient_server_unavailable', 'soft', false, 'text:recipient-server'],
      ],
      [
        '554 resimta comcast 192.0.2.10 found on one or more DNSBLs, see http://postmaster.comcast.net/',
        ['reputation_block', 'hard', false, 'text:blocklisted'],
      ],
      [
        '450 4.7.1 <jane@example.net>: Recipient address rejected: ERS-DUL.',
        ['reputation_block', 'soft', false, 'text:blocklisted'],
      ],
      [
        '550 5.0.0 Your message appears to be from a dynamic IP address',
        ['reputation_block', 'hard', false, 'text:spam'],
      ],
      ['500 Line Too Long', ['content_rejected', 'hard', false, 'text:content-rejected']],
      ['552 Illegal Attachment', ['content_rejected', 'hard', false, 'text:content-rejected']],
      [
        '554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Signature',
        ['content_rejected', 'hard', false, 'text:content-rejected'],
      ],
      ['550 Mail content denied.', ['content_rejected', 'hard', false, 'text:content-rejected']],
      ['420 Message deferred due to suspect content.', ['content_rejected', 'soft', false, 'text:content-rejected']],
      ['554 Maximum email size exceeded', ['message_too_large', 'hard', false, 'text:message-too-large']],
      [
        '552 Requested mail action aborted: exceeded mailsize limit',
        ['message_too_large', 'hard', false, 'text:message-too-large'],
      ],
      ['550 Ip frequency limited', ['rate_limited', 'hard', false, 'text:rate-limited']],
      ['451 Sender rate exceeds 100.0 messages per 1h', ['rate_limited', 'soft', false, 'text:rate-limited']],
      ['450 4.7.1 Error: too much mail from 192.0.2.10', ['rate_limited', 'soft', false, 'text:rate-limited']],
      ['421 4.3.2 Too many open connections.', ['rate_limited', 'soft', false, 'text:rate-limited']],
      ['451 4.5.1 [192.0.2.9] Max concurrent sessions (#1.04)', ['rate_limited', 'soft', false, 'text:rate-limited']],
      [
        '550 5.4.6 Unusual sending activity detected. Please try after sometime.',
        ['reputation_block', 'hard', false, 'text:spam'],
      ],
      ['550 User mailbox is not found', ['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']],
      [
        '550 Requested action not taken: mailbox name not allowed',
        ['address_invalid', 'hard', true, 'text:address-invalid'],
      ],
      ['550 5.0.0 Protocol error', ['policy_rejection', 'hard', false, 'text:policy']],
      ['503 Bad sequence of commands', ['policy_rejection', 'hard', false, 'text:policy']],
      ['450 Administrative reject', ['policy_rejection', 'soft', false, 'text:policy']],
      ['530 Must issue a STARTTLS command first.', ['policy_rejection', 'hard', false, 'text:policy']],
      ['550 5.7.0 Mail Sending denied.', ['policy_rejection', 'hard', false, 'text:denied']],
      [
        '451 Message temporarily deferred due to unresolvable RFC.5321 from domain',
        ['authentication_failed', 'soft', false, 'text:authentication'],
      ],
      ['451 Message temporarily deferred - [160]', ['recipient_server_unavailable', 'soft', false, 'text:try-later']],
      [
        '550 5.7.1 Relaying to <jane@example.net> denied (authentication required)',
        ['recipient_server_unavailable', 'hard', false, 'text:relay-denied'],
      ],
    ])('%s', (diagnostic, expected) => {
      expect(outcome(diagnostic)).toEqual(expected);
    });
  });

  describe('routing loops and expired retries', () => {
    it.each<[string, Outcome]>([
      ['554 5.4.6 Routing loop detected', ['recipient_server_unavailable', 'soft', false, 'text:mail-loop']],
      [
        '554 5.6.0 Message exceeded 50 hops, this may indicate a mail loop. - gsmtp',
        ['recipient_server_unavailable', 'soft', false, 'text:mail-loop'],
      ],
      [
        "all hosts for 'example.net' have been failing for a long time (and retry time not reached)",
        ['recipient_server_unavailable', 'soft', false, 'text:expired'],
      ],
      [
        '550 5.4.316 Message expired, connection refused(Socket error code 10061)',
        ['recipient_server_unavailable', 'soft', false, 'stage:connect'],
      ],
    ])('are soft whatever the code, and never count: %s', (diagnostic, expected) => {
      expect(outcome(diagnostic)).toEqual(expected);
    });

    it('keeps a 5.4.6 that names no loop hard, since nothing says it will clear', () => {
      expect(
        outcome(
          "Sorry. Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals file (#5.4.6)",
        ),
      ).toEqual(['recipient_server_unavailable', 'hard', false, 'enhanced:5.4.6']);
    });
  });

  describe('"try again later" only says the refusal is temporary', () => {
    it('yields to a code that names a cause', () => {
      expect(outcome('451 4.7.1 Try again later')).toEqual(['policy_rejection', 'soft', false, 'enhanced:4.7.1']);
    });

    it('stands when nothing else speaks', () => {
      expect(outcome('451 try again later')).toEqual(['recipient_server_unavailable', 'soft', false, 'text:try-later']);
    });
  });

  it('does not read the name of the answering host as a phrase', () => {
    expect(outcome('host spam.example.net[192.0.2.7] said: 550 unknown user (in reply to RCPT TO command)')).toEqual([
      'mailbox_unknown',
      'hard',
      true,
      'text:mailbox-unknown',
    ]);
    expect(
      outcome(
        'SMTP error from remote mail server after RCPT TO:<jane@example.net>: host blocked.example.net [192.0.2.7]: 550 No such user',
      ),
    ).toEqual(['mailbox_unknown', 'hard', true, 'text:mailbox-unknown']);
  });

  it("reads the sender's domain not existing as a refusal of us", () => {
    expect(outcome("550 The sender's domain example.com does not exist")).toEqual([
      'policy_rejection',
      'hard',
      false,
      'text:policy',
    ]);
  });

  it('reads a refusal of our sending host as a block of it', () => {
    expect(outcome('550 5.7.1 Mail from 192.0.2.10 refused, see http://www.example.net/')).toEqual([
      'reputation_block',
      'hard',
      false,
      'text:sending-host-refused',
    ]);
  });

  it('reads a refusal of the whole message that names no mailbox condition as a verdict on our mail', () => {
    expect(outcome('550 Message rejected')).toEqual(['policy_rejection', 'hard', false, 'text:message-refused']);
    expect(outcome('550 Message was not accepted -- invalid mailbox')).toEqual([
      'mailbox_unknown',
      'hard',
      true,
      'text:mailbox-unknown',
    ]);
  });
});
