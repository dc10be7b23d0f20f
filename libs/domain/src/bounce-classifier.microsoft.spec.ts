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

describe('Microsoft (Outlook.com and Microsoft 365)', () => {
  describe('sender-side replies (never count against the recipient)', () => {
    check([
      [
        'treats 5.2.2 submission quota exceeded as our own quota, not a full mailbox',
        '550 5.2.2 Submission quota exceeded. [AM6PR01MB1234.eurprd01.prod.exchangelabs.com]',
        notCounting('sender_quota_exceeded', 'hard', 'provider:microsoft:submission-quota'),
        'data',
      ],
      [
        "treats the sender's submission quota wording the same way",
        "554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; the sender's submission quota was exceeded",
        notCounting('sender_quota_exceeded', 'hard', 'provider:microsoft:submission-quota'),
      ],
      [
        'treats 5.1.90 daily recipient limit as our sending limit',
        "550 5.1.90 Your message can't be sent because you've reached your daily limit for message recipients",
        notCounting('sender_quota_exceeded', 'hard', 'provider:microsoft:sending-limit'),
      ],
      [
        'treats 4.7.650 (S775) as an IP-reputation throttle',
        '451 4.7.650 The mail server [203.0.113.9] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775) [Name=Protocol Filter Agent][AGT=PFA][MxId=11BA1D2C3E4F5A6B]',
        notCounting('rate_limited', 'soft', 'provider:microsoft:ip-reputation-throttle'),
        'mail_from',
      ],
      [
        'treats 4.7.651 (S3114) as the same throttle',
        '451 4.7.651 The mail server [203.0.113.9] has been temporarily rate limited due to IP reputation. (S3114)',
        notCounting('rate_limited', 'soft', 'provider:microsoft:ip-reputation-throttle'),
      ],
      [
        'treats 4.7.652 as a connection limit for our IP',
        '451 4.7.652 The mail server [203.0.113.9] has exceeded the maximum number of connections.',
        notCounting('rate_limited', 'soft', 'provider:microsoft:connection-limit'),
      ],
      [
        'treats the connection-limit wording as a limit under any code',
        '421 4.3.2 The mail server [203.0.113.9] has exceeded the maximum number of connections.',
        notCounting('rate_limited', 'soft', 'provider:microsoft:connection-limit'),
      ],
      [
        'treats RP-001 as a rate limit for our IP',
        "421 RP-001 (BAY004-MC1F12) Unfortunately, some messages from 203.0.113.9 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day.",
        notCounting('rate_limited', 'soft', 'provider:microsoft:postmaster-rate-limit'),
      ],
      [
        'treats 451 4.7.500 server busy as a hold on a new sender',
        '451 4.7.500 Server busy. Please try again later from [203.0.113.9]. (AS761) [BN8NAM12FT012.eop-nam12.prod.protection.outlook.com]',
        notCounting('rate_limited', 'soft', 'provider:microsoft:new-sender-throttle'),
      ],
      [
        'treats 4.7.850-899 access denied, try later as the same hold',
        '451 4.7.852 Access denied, please try again later. [DM6NAM12FT034.eop-nam12.prod.protection.outlook.com]',
        notCounting('rate_limited', 'soft', 'provider:microsoft:new-sender-throttle'),
      ],
      [
        'keeps the retry semantics of a 451 sent with a 5.7.5xx code',
        '451 5.7.500 Access denied, please try again later.',
        notCounting('rate_limited', 'soft', 'provider:microsoft:new-sender-throttle'),
      ],
      [
        'treats S3150 at MAIL FROM as a block of our network, not of the address',
        "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [AM4PEPF00012345.eurprd04.prod.outlook.com]",
        notCounting('reputation_block', 'hard', 'provider:microsoft:network-block-list'),
        'mail_from',
      ],
      [
        'treats the older AS3140 variant the same way',
        "550 5.7.1 Unfortunately, messages from [203.0.113.9] weren't sent. (AS3140) [BL02EPF0001A0B1.namprd02.prod.outlook.com]",
        notCounting('reputation_block', 'hard', 'provider:microsoft:network-block-list'),
      ],
      [
        'treats SC-001 as a policy block of our IP or domain',
        "550 SC-001 (BAY004-MC5F33) Unfortunately, messages from 203.0.113.9 weren't sent. Please contact your Internet service provider.",
        notCounting('reputation_block', 'hard', 'provider:microsoft:postmaster-block'),
      ],
      [
        'treats SC-002 (address harvesting) as a block of us, although it is about invalid addresses',
        '550 SC-002 (COL004-MC1F4) Mail rejected by Outlook.com for policy reasons. The mail server at 203.0.113.9 has been sending mail to many invalid recipients.',
        notCounting('reputation_block', 'hard', 'provider:microsoft:postmaster-block'),
      ],
      [
        'treats SC-004 (complaints) as a block',
        '550 SC-004 (SNT004-MC3F6) Mail rejected by Outlook.com for policy reasons. A block has been placed against your IP address because we have received complaints',
        notCounting('reputation_block', 'hard', 'provider:microsoft:postmaster-block'),
      ],
      [
        'treats DY-001 (dynamic IP) as a block',
        "550 DY-001 (SNT004-MC2F21) Unfortunately, messages from 203.0.113.9 weren't sent. We do not accept email from dynamic IP ranges.",
        notCounting('reputation_block', 'hard', 'provider:microsoft:postmaster-block'),
      ],
      [
        'treats OU-001 (third-party blocklist) as a block',
        "550 OU-001 (SNT004-MC1F43) Unfortunately, messages from 203.0.113.9 weren't sent. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526653",
        notCounting('reputation_block', 'hard', 'provider:microsoft:postmaster-block'),
      ],
      [
        'treats 5.7.515 as failing the high-volume authentication rule',
        "550 5.7.515 Access denied, sending domain [example.com] does not meet the required authentication level. The sender's domain in the 5322.From address doesn't meet the authentication requirements",
        notCounting('authentication_failed', 'hard', 'provider:microsoft:authentication-level'),
        'data',
      ],
      [
        'treats 5.7.509 as our DMARC reject',
        '550 5.7.509 Access denied, sending domain [example.com] does not pass DMARC verification and has a DMARC policy of reject.',
        notCounting('authentication_failed', 'hard', 'provider:microsoft:dmarc-reject'),
      ],
      [
        'treats 5.7.23 as an SPF failure through the registered code',
        '550 5.7.23 The message was rejected because of Sender Policy Framework violation',
        notCounting('authentication_failed', 'hard', 'enhanced:5.7.23'),
      ],
      [
        'treats 4.7.26 over IPv6 as an authentication failure that may pass later',
        '450 4.7.26 Access denied, a message sent over IPv6 [2001:db8::25] must pass either SPF or DKIM validation, this message is not signed',
        notCounting('authentication_failed', 'soft', 'provider:microsoft:ipv6-authentication'),
      ],
      [
        'treats 5.7.25 over IPv6 as a missing PTR on our side',
        '550 5.7.25 Access denied, the sending IPv6 address [2001:db8::25] must have a reverse DNS record',
        notCounting('authentication_failed', 'hard', 'provider:microsoft:ipv6-authentication'),
      ],
      [
        'treats 5.7.501 spam abuse as a ban of our sending account',
        '550 5.7.501 Access denied, spam abuse detected. The sending account has been banned due to detected spam activity.',
        notCounting('reputation_block', 'hard', 'provider:microsoft:banned-sender'),
      ],
      [
        'treats 5.7.511 banned sender as a ban of our IP',
        '550 5.7.511 Access denied, banned sender[203.0.113.9]. To request removal from this list, forward this message to delist@messaging.microsoft.com.',
        notCounting('reputation_block', 'hard', 'provider:microsoft:banned-sender'),
      ],
      [
        'treats 5.7.800 banned sender the same way',
        '550 5.7.800 Access denied, banned sender',
        notCounting('reputation_block', 'hard', 'provider:microsoft:banned-sender'),
      ],
      [
        'treats 5.7.506 Bad HELO as our greeting being refused',
        '550 5.7.506 Access Denied, Bad HELO',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:bad-helo'),
        'helo',
      ],
      [
        'treats 5.7.507 as the recipient organisation blocking our IP',
        '550 5.7.507 Access denied, rejected by recipient',
        notCounting('reputation_block', 'hard', 'provider:microsoft:recipient-org-ip-block'),
      ],
      [
        'treats 5.7.508 as an IPv6 range volume limit',
        '550 5.7.508 Access denied, [2001:db8::25] has exceeded permitted limits within 2001:db8::/48 range',
        notCounting('rate_limited', 'hard', 'provider:microsoft:ipv6-range-limit'),
      ],
      [
        'treats 5.7.510 as an IPv4-only recipient domain',
        '550 5.7.510 Access denied, example.org does not accept email over IPv6',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:ipv4-only'),
      ],
      [
        'treats 5.7.512 as our From header being unusable',
        '550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant',
        notCounting('content_rejected', 'hard', 'provider:microsoft:from-header'),
      ],
      [
        "treats 5.7.513 as the organisation's own block list",
        '550 5.7.513 Service unavailable, Client host [203.0.113.9] blocked by example.org using Customer Block list (AS16012607)',
        notCounting('reputation_block', 'hard', 'provider:microsoft:customer-block-list'),
      ],
      [
        'treats 5.7.606 as a banned sending IP',
        '550 5.7.606 Access denied, banned sending IP [203.0.113.9]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
        notCounting('reputation_block', 'hard', 'provider:microsoft:banned-sending-ip'),
        'rcpt_to',
      ],
      [
        'treats 5.7.705 as a ban on the sending tenant',
        '550 5.7.705 Access denied, tenant has exceeded threshold',
        notCounting('reputation_block', 'hard', 'provider:microsoft:sending-tenant-ban'),
      ],
      [
        'treats 5.7.708 as traffic refused from our IP',
        '550 5.7.708 Access denied, traffic not accepted from this IP',
        notCounting('reputation_block', 'hard', 'provider:microsoft:sending-tenant-ban'),
      ],
      [
        'treats 5.7.750 as our unregistered sending domain',
        '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
        notCounting('reputation_block', 'hard', 'provider:microsoft:sending-tenant-ban'),
      ],
      [
        'treats 5.1.8 bad outbound sender as a ban of our mailbox',
        '550 5.1.8 Access denied, bad outbound sender',
        notCounting('reputation_block', 'hard', 'provider:microsoft:bad-outbound-sender'),
      ],
      [
        'treats 5.2.121 as too many messages from us to this one person',
        "550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded",
        notCounting('rate_limited', 'hard', 'provider:microsoft:per-sender-limit'),
      ],
      [
        'treats 5.2.122 as a flooded inbox: a soft condition of the mailbox',
        "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour. Recipient's per hour message receive limit exceeded",
        counting('mailbox_unavailable', 'soft', 'provider:microsoft:recipient-flooded'),
      ],
      [
        'lets the X.3 code of a 4.3.2 recipient thread limit keep it from counting (a mail-system condition)',
        '432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded',
        notCounting('recipient_server_unavailable', 'soft', 'enhanced:4.3.2'),
      ],
      [
        'treats 5.7.1 delivery not authorized as an organisation that only takes internal mail',
        '550 5.7.1 RESOLVER.RST.AuthRequired; Delivery not authorized, message refused',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:organisation-senders-only'),
      ],
      [
        'treats 5.7.12 as the same restriction',
        '550 5.7.12 RESOLVER.RST.SenderNotAuthenticated; Sender was not authenticated by organization',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:organisation-senders-only'),
      ],
      [
        'treats 5.7.124 as the same restriction',
        '550 5.7.124 RESOLVER.RST.NotAuthorized; Sender not in allowed-senders list',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:organisation-senders-only'),
      ],
      [
        'treats 5.7.133 as the same restriction on a group',
        '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; Sender was not authenticated for group',
        notCounting('policy_rejection', 'hard', 'provider:microsoft:organisation-senders-only'),
      ],
    ]);
  });

  describe('recipient-side replies', () => {
    check([
      [
        'treats 5.1.10 RecipientNotFound as an unknown mailbox',
        '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient nobody@example.org not found by SMTP address lookup',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:recipient-not-found'),
      ],
      [
        'leaves 5.1.1 bad destination mailbox to the registered code',
        '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; Bad destination mailbox address; not found',
        counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
        'rcpt_to',
      ],
      [
        'treats 5.4.1 access denied as directory-based edge blocking of an unknown address',
        '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [XX0PR01MB0000.namprd01.prod.outlook.com 2026-03-01T10:00:00.000Z 08DC0000000000]',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:directory-edge-block'),
        'rcpt_to',
      ],
      [
        'treats 5.7.504 access denied as an invalid recipient',
        '550 5.7.504 [nobody@example.org]: Recipient address rejected: Access denied',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:directory-edge-block'),
      ],
      [
        'recognises edge blocking by the Exchange Online host when the code was lost',
        '550 Recipient address rejected: Access denied [BN8NAM12FT012.eop-nam12.prod.protection.outlook.com]',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:directory-edge-block'),
      ],
      [
        'treats consumer 5.5.0 mailbox unavailable (S2017062302) as an unknown mailbox',
        '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [XX1EUR01FT001.eop-EUR01.prod.protection.outlook.com 2026-03-01T10:00:00.000Z]',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:consumer-mailbox-unknown'),
        'rcpt_to',
      ],
      [
        'treats consumer 5.5.0 mailbox unavailable from an Outlook.com host as an unknown mailbox',
        'host hotmail-com.olc.protection.outlook.com[203.0.113.30] said: 550 5.5.0 Requested action not taken: mailbox unavailable (in reply to RCPT TO command)',
        counting('mailbox_unknown', 'hard', 'provider:microsoft:consumer-mailbox-unknown'),
      ],
      [
        'does not count a bare 5.5.0 mailbox unavailable from another server at all (an X.5 protocol code)',
        '550 5.5.0 Requested action not taken: mailbox unavailable',
        notCounting('mailbox_unavailable', 'soft', 'text:mailbox-unavailable'),
      ],
      [
        'treats 5.7.505 banned recipient as a disabled mailbox',
        '550 5.7.505 Access denied, banned recipient',
        counting('mailbox_disabled', 'hard', 'provider:microsoft:banned-recipient'),
      ],
      [
        'treats AccountDisabledException as a disabled mailbox under any code',
        '554 5.2.0 STOREDRV.Deliver.Exception:AccountDisabledException; Failed to process message due to a permanent exception',
        counting('mailbox_disabled', 'hard', 'provider:microsoft:account-disabled'),
      ],
      [
        "treats 5.4.1 relay access denied as the recipient domain's misconfigured MX",
        '550 5.4.1 Relay Access Denied',
        notCounting('recipient_server_unavailable', 'hard', 'text:relay-denied'),
      ],
      [
        'treats 5.4.300 message expired as the recipient side being unreachable',
        '550 5.4.300 Message expired',
        notCounting('recipient_server_unavailable', 'soft', 'text:expired'),
      ],
      [
        'treats 5.4.14 routing loop as trouble at the recipient side',
        '554 5.4.14 Hop count exceeded - possible mail loop ATTR34',
        notCounting('recipient_server_unavailable', 'soft', 'text:mail-loop'),
      ],
    ]);
  });

  describe('before RCPT TO', () => {
    check([
      [
        'does not let a provider rule about the recipient count when the refusal came at MAIL FROM',
        '550 5.1.10 RESOLVER.ADR.RecipientNotFound; not found by SMTP address lookup',
        notCounting('policy_rejection', 'hard', 'stage:mail_from'),
        'mail_from',
      ],
    ]);
  });
});
