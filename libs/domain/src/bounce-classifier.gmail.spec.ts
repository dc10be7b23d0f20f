import type { SmtpStage } from './classification';
import type { Outcome } from './testing/bounce-outcome';
import { counting, notCounting, replyOutcome } from './testing/bounce-outcome';

// [behaviour, reply text, expected outcome, SMTP stage when it matters]
type Row = [string, string, Outcome, SmtpStage?];

function check(rows: Row[]): void {
  // A rest parameter, so that jest does not take the optional stage for a `done` callback.
  it.each(rows)('%s', (...[, diagnostic, expected, stage]: Row) => {
    expect(replyOutcome(diagnostic, stage && { stage })).toEqual(expected);
  });
}

describe('Gmail and Google Workspace', () => {
  check([
    [
      'treats 4.7.28 unusual rate as a rate limit on our IP',
      '421-4.7.28 [203.0.113.9] Gmail has detected an unusual rate of unsolicited email originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp',
      notCounting('rate_limited', 'soft', 'provider:gmail:unusual-rate'),
      'rcpt_to',
    ],
    [
      'treats 4.7.28 keyed on our DKIM domain as a rate limit too',
      '421 4.7.28 Gmail has detected an unusual rate of mail originating from your DKIM domain [example.com 1]. - gsmtp',
      notCounting('rate_limited', 'soft', 'provider:gmail:unusual-rate'),
    ],
    [
      'treats 4.7.28 temporarily blocked as a reputation block',
      '421 4.7.28 Gmail has detected an unusual amount of unsolicited email originating from your IP address and has temporarily blocked it. - gsmtp',
      notCounting('reputation_block', 'soft', 'provider:gmail:unsolicited-block'),
    ],
    [
      'treats 5.7.28 as the permanent reputation block',
      '550 5.7.28 There is an unusual rate of unsolicited email originating from your IP address 203.0.113.9 and it has been blocked. - gsmtp',
      notCounting('reputation_block', 'hard', 'provider:gmail:unsolicited-block'),
    ],
    [
      'treats too many copies of one Message-ID as a rate limit',
      '421 4.7.28 Gmail has detected that this message exceeded the quota for sending messages that have the same Message-ID: header. - gsmtp',
      notCounting('rate_limited', 'soft', 'provider:gmail:message-id-quota'),
    ],
    [
      'treats very low IP reputation as a reputation block',
      '421 4.7.0 This message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp',
      notCounting('reputation_block', 'soft', 'provider:gmail:low-reputation'),
    ],
    [
      'treats suspicious content or links as a content verdict',
      '421 4.7.0 This message is suspicious due to the nature of the content or the links within. To best protect our users from spam, the message has been blocked. - gsmtp',
      notCounting('content_rejected', 'soft', 'provider:gmail:suspicious-content'),
    ],
    [
      'treats likely unsolicited as a reputation block',
      '550-5.7.1 [203.0.113.9] Gmail has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
      notCounting('reputation_block', 'hard', 'provider:gmail:likely-unsolicited'),
      'data',
    ],
    [
      'treats a missing PTR record as our identity failing',
      '421-4.7.0 [203.0.113.9] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. - gsmtp',
      notCounting('authentication_failed', 'soft', 'provider:gmail:ptr-record'),
    ],
    [
      'treats 5.7.24 suspicious SPF entries as an authentication failure',
      '550 5.7.24 The SPF record of the sending domain has one or more suspicious entries. - gsmtp',
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
    ],
    [
      'treats 4.7.26 rate limited because unauthenticated as authentication, not rate',
      '421-4.7.26 This email has been rate limited because it is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp',
      notCounting('authentication_failed', 'soft', 'provider:gmail:sender-authentication'),
    ],
    [
      'treats 5.7.26 unauthenticated sender as an authentication failure',
      '550-5.7.26 This email has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. 550-5.7.26 Authentication results: DKIM = did not pass SPF [example.com] with ip: [203.0.113.9] = did not pass 550 5.7.26 https://support.google.com/mail/answer/81126#authentication a1b2c3 - gsmtp',
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
      'data',
    ],
    [
      'treats 5.7.26 DMARC policy as an authentication failure',
      "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy. Please contact the administrator of example.com domain. - gsmtp",
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
      'data',
    ],
    [
      'treats 5.7.27 SPF failure as an authentication failure',
      '550-5.7.27 Your email has been blocked because the sender is unauthenticated. SPF did not pass for example.com. - gsmtp',
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
    ],
    [
      "treats Gmail's 5.7.30 as DKIM, not the registry's REQUIRETLS",
      '550 5.7.30 Your email has been blocked because DKIM did not pass. - gsmtp',
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
    ],
    [
      'treats 421 5.7.32 From misalignment as authentication, keeping the 4xx retry semantics',
      '421-5.7.32 Your email has been blocked because the sender is not aligned with the SPF or DKIM organisational domain. - gsmtp',
      notCounting('authentication_failed', 'soft', 'provider:gmail:sender-authentication'),
    ],
    [
      'treats 5.7.40 missing DMARC as an authentication failure',
      '550 5.7.40 Your email has been blocked because the sender domain has no DMARC record. - gsmtp',
      notCounting('authentication_failed', 'hard', 'provider:gmail:sender-authentication'),
    ],
    [
      'treats 5.7.29 not sent over TLS as a policy rejection',
      '550 5.7.29 Your email has been blocked because it was not sent over a TLS connection. - gsmtp',
      notCounting('policy_rejection', 'hard', 'provider:gmail:tls-required'),
    ],
    [
      'treats TLS required for the RCPT domain as a policy rejection',
      '421 4.7.0 TLS required for RCPT domain, closing connection. - gsmtp',
      notCounting('policy_rejection', 'soft', 'provider:gmail:tls-required'),
    ],
    [
      'treats an IP allowlist as a policy rejection',
      '421 4.7.0 IP not in whitelist for RCPT domain, closing connection. - gsmtp',
      notCounting('policy_rejection', 'soft', 'provider:gmail:ip-allowlist'),
    ],
    [
      "treats a Workspace admin rule (gcdp) as that organisation's policy",
      '550 5.7.1 This message violates example.org email policy. - gcdp a1b2c3 - gsmtp',
      notCounting('policy_rejection', 'hard', 'provider:gmail:workspace-admin-rule'),
      'data',
    ],
    [
      'treats a policy that prohibits the mail as a policy rejection',
      '550-5.7.1 The user or domain that you are sending to (or from) has a policy that prohibits the email that you sent. - gsmtp',
      notCounting('policy_rejection', 'hard', 'provider:gmail:recipient-policy'),
    ],
    [
      'treats a message that is not RFC 5322 compliant as our content',
      '550-5.7.1 This message is not RFC 5322 compliant. There are multiple From: headers. - gsmtp',
      notCounting('content_rejected', 'hard', 'provider:gmail:message-format'),
    ],
    [
      'treats a missing Message-ID as our content',
      '550-5.7.1 Messages missing a valid Message-ID header are not accepted. - gsmtp',
      notCounting('content_rejected', 'hard', 'provider:gmail:message-format'),
    ],
    [
      'treats 5.6.0 malformed message as our content',
      '554 5.6.0 Mail message is malformed. Not accepted. - gsmtp',
      notCounting('content_rejected', 'hard', 'provider:gmail:message-format'),
    ],
    [
      'treats a blocked attachment type as our content',
      '552-5.7.0 This message was blocked because its content presents a potential security issue. - gsmtp',
      notCounting('content_rejected', 'hard', 'provider:gmail:attachment-security'),
    ],
    [
      'treats 5.3.4 size limits as our message being too large',
      "552-5.3.4 Your message exceeded Google's message size limits. - gsmtp",
      notCounting('message_too_large', 'hard', 'enhanced:5.3.4'),
    ],
    [
      'treats the daily user sending limit as our own quota',
      '550 5.4.5 Daily user sending limit exceeded. - gsmtp',
      notCounting('sender_quota_exceeded', 'hard', 'provider:gmail:sending-limit'),
    ],
    [
      'treats the SMTP relay peak limit as our own quota',
      '450 4.2.1 Peak SMTP relay limit exceeded for this customer. - gsmtp',
      notCounting('sender_quota_exceeded', 'soft', 'provider:gmail:sending-limit'),
    ],
    [
      'treats 4.3.0 temporary system problem as trouble on their side',
      '421 4.3.0 Temporary System Problem. Try again later. - gsmtp',
      notCounting('recipient_server_unavailable', 'soft', 'text:recipient-server'),
    ],
    [
      'treats 5.1.7 as our envelope sender being invalid',
      '553 5.1.7 The sender address <bounces@> is not a valid RFC 5321 address. - gsmtp',
      notCounting('policy_rejection', 'hard', 'stage:mail_from'),
      'mail_from',
    ],
    [
      'treats 5.1.1 does not exist as an unknown mailbox',
      "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser a1b2c3 - gsmtp",
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
      'rcpt_to',
    ],
    [
      'treats 5.1.2 as an unknown recipient domain',
      "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors. - gsmtp",
      counting('domain_unknown', 'hard', 'enhanced:5.1.2'),
    ],
    [
      'treats 5.1.3 as an invalid recipient address',
      '553 5.1.3 The recipient address <not an address> is not a valid RFC 5321 address. - gsmtp',
      counting('address_invalid', 'hard', 'enhanced:5.1.3'),
    ],
    [
      'treats 5.2.1 inactive as a disabled mailbox',
      '550-5.2.1 The email account that you tried to reach is inactive. For more 550-5.2.1 information, go to 550 5.2.1 https://support.google.com/mail/?p=DisabledUser a1b2c3 - gsmtp',
      counting('mailbox_disabled', 'hard', 'provider:gmail:inactive-account'),
      'rcpt_to',
    ],
    [
      "treats 550 5.2.1 receiving mail at a rate as the recipient's flooded mailbox: soft, and it counts",
      '550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered. For more 550 5.2.1 information, go to https://support.google.com/mail/?p=ReceivingRatePerm a1b2c3 - gsmtp',
      counting('mailbox_unavailable', 'soft', 'provider:gmail:receiving-rate'),
      'rcpt_to',
    ],
    [
      'treats 450 4.2.1 receiving email too quickly as a flooded mailbox too',
      '450-4.2.1 The user you are trying to contact is receiving email too quickly. Please try again later. https://support.google.com/mail/?p=ReceivingRate a1b2c3 - gsmtp',
      counting('mailbox_unavailable', 'soft', 'provider:gmail:receiving-rate'),
    ],
    [
      'treats 4.2.2 out of storage as a full mailbox',
      "452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp a1b2c3 - gsmtp",
      counting('mailbox_full', 'soft', 'provider:gmail:out-of-storage'),
    ],
    [
      'keeps full and inactive as a full mailbox (the soft limit suppresses it soon)',
      "552-5.2.2 The recipient's inbox is out of storage space and inactive. Please direct the recipient to 552 5.2.2 https://support.google.com/mail/?p=OverQuotaPerm a1b2c3 - gsmtp",
      counting('mailbox_full', 'soft', 'provider:gmail:out-of-storage'),
    ],
  ]);
});
