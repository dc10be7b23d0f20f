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

describe('Yahoo and AOL', () => {
  check([
    [
      'treats a [TSS04] deferral at MAIL FROM as a reputation problem, never the recipient',
      '421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
      notCounting('reputation_block', 'soft', 'provider:yahoo:ts-deferral'),
      'mail_from',
    ],
    [
      'treats [TSS04] the same when the stage is unknown',
      '421 4.7.0 [TSS04] Messages from 203.0.113.9 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
      notCounting('reputation_block', 'soft', 'provider:yahoo:ts-deferral'),
    ],
    [
      'treats [TS03] permanently deferred as a reputation block',
      '421 4.7.1 [TS03] All messages from 203.0.113.9 will be permanently deferred; Retrying will NOT succeed.',
      notCounting('reputation_block', 'soft', 'provider:yahoo:ts-deferral'),
    ],
    [
      'treats the older [TS01] deferral the same way',
      '421 4.7.0 [TS01] Messages from 203.0.113.9 temporarily deferred due to user complaints - 4.16.55.1',
      notCounting('reputation_block', 'soft', 'provider:yahoo:ts-deferral'),
    ],
    [
      'treats the per-connection message cap as a rate limit',
      '421 Max message per connection reached, closing transmission channel',
      notCounting('rate_limited', 'soft', 'provider:yahoo:connection-limit'),
    ],
    [
      'treats "resources temporarily unavailable" as Yahoo being busy',
      '451 Message temporarily deferred due to resources temporarily unavailable. Please try again later [#4.16.1].',
      notCounting('recipient_server_unavailable', 'soft', 'text:recipient-server'),
    ],
    [
      'treats VS1-IP excessive unknown recipients as an alarm about our list, not this address',
      '451 VS1-IP Excessive unknown recipients - possible Open Relay (#4.1.8)',
      notCounting('reputation_block', 'soft', 'provider:yahoo:unknown-recipients-alarm'),
    ],
    [
      'treats VS99 deferrals as a refusal of our connection',
      '553 VS99-IP1 deferred - connection refused',
      notCounting('reputation_block', 'hard', 'provider:yahoo:unknown-recipients-alarm'),
    ],
    [
      'treats 554 5.7.9 not accepted for policy reasons as DKIM, SPF or DMARC failing',
      '554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes',
      notCounting('authentication_failed', 'hard', 'provider:yahoo:not-accepted-for-policy'),
      'data',
    ],
    [
      'treats [PH01] as our content carrying phishing or malware',
      '554 Message not allowed - [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes',
      notCounting('content_rejected', 'hard', 'provider:yahoo:content-block'),
    ],
    [
      'treats "dd This user doesn\'t have a yahoo.com account" as an unknown mailbox',
      "554 delivery error: dd This user doesn't have a yahoo.com account (nobody@yahoo.com) [-5] - mta1001.mail.gq1.yahoo.com",
      counting('mailbox_unknown', 'hard', 'provider:yahoo:no-such-account'),
      'data',
    ],
    [
      'treats the AOL wording the same way',
      "554 delivery error: dd This user doesn't have an aol.com account (nobody@aol.com) [0] - mta6042.aol.mail.gq1.yahoo.com",
      counting('mailbox_unknown', 'hard', 'provider:yahoo:no-such-account'),
    ],
    [
      'treats 554 30 mailbox is disabled as a disabled mailbox',
      '554 30 Sorry, your message to someone@yahoo.com cannot be delivered. This mailbox is disabled (554.30)',
      counting('mailbox_disabled', 'hard', 'provider:yahoo:mailbox-disabled'),
      'rcpt_to',
    ],
    [
      'counts 552 mailbox not found at end of DATA against the recipient',
      '552 1 Requested mail action aborted, mailbox not found',
      counting('mailbox_unknown', 'hard', 'provider:yahoo:mailbox-not-found'),
      'end_of_data',
    ],
    [
      'treats the older over-quota delivery error as a full mailbox',
      '554 delivery error: dd Sorry, your message to someone@yahoo.com cannot be delivered. This account is over quota. - mta1002.mail.ne1.yahoo.com',
      counting('mailbox_full', 'soft', 'text:mailbox-full'),
    ],
    [
      'treats 452 over quota as a full mailbox',
      '452 Mailbox is over quota. Please try again later.',
      counting('mailbox_full', 'soft', 'text:mailbox-full'),
    ],
    [
      'treats "user is receiving mail too quickly" as a flooded mailbox: soft, and it counts',
      '450 4.2.1 User is receiving mail too quickly',
      counting('mailbox_unavailable', 'soft', 'provider:yahoo:receiving-too-quickly'),
    ],
  ]);
});

describe('Apple iCloud', () => {
  check([
    [
      'treats [CS01] local policy as a filter verdict on our mail',
      '554 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137',
      notCounting('reputation_block', 'hard', 'provider:apple:local-policy'),
      'end_of_data',
    ],
    [
      'treats excessive volume to one address as a rate limit',
      '421 4.7.1 Messages to someone@icloud.com deferred due to excessive volume. Try again later - https://support.apple.com/en-us/HT204137',
      notCounting('rate_limited', 'soft', 'provider:apple:excessive-volume'),
    ],
    [
      'treats a switched-off Hide My Email address as a disabled mailbox',
      'host smtp1.privaterelay.appleid.com[203.0.113.40] said: 550 5.7.1 Relay not permitted for user (in reply to RCPT TO command)',
      counting('mailbox_disabled', 'hard', 'provider:apple:hide-my-email-disabled'),
    ],
    [
      'leaves "relay not permitted" from other hosts to the generic relay reading',
      '550 5.7.1 Relaying not permitted for this domain',
      notCounting('recipient_server_unavailable', 'hard', 'text:relay-denied'),
    ],
    [
      'treats user does not exist as an unknown mailbox',
      '550 5.1.1 <someone@icloud.com>: user does not exist',
      counting('mailbox_unknown', 'hard', 'enhanced:5.1.1'),
      'rcpt_to',
    ],
  ]);
});
