import type { SmtpEvidence } from '@app/domain';

/** What a bounce says about the recipient, which decides how often a profile draws it. */
export type EvidenceKind = 'hard' | 'soft' | 'sender' | 'undetermined';

/** Receiving systems with their own wording (reference/provider-gray-areas.md); `generic` is Postfix, Exim and co. */
export type MailboxFamily = 'google' | 'microsoft' | 'yahoo' | 'generic';

export interface EvidenceTemplate {
  family: MailboxFamily | 'any';
  kind: EvidenceKind;
  weight: number;
  replyCode?: number;
  enhancedStatus?: string;
  stage?: SmtpEvidence['stage'];
  /** `{ip}`: one of our sending IPs; `{id}`: a per-message token; `{addr}`: the recipient address. */
  text: string;
}

/**
 * Replies from the seeds' hard/soft tables and the gray-area reference's fixtures, weighted to a plausible mix:
 * recipient-side failures, and sender-side refusals (reputation, rate, authentication) that must never count.
 */
export const EVIDENCE: readonly EvidenceTemplate[] = [
  // Google
  {
    family: 'google',
    kind: 'hard',
    weight: 6,
    replyCode: 550,
    enhancedStatus: '5.1.1',
    stage: 'rcpt_to',
    text: "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking the recipient's email address for typos or 550-5.1.1 unnecessary spaces. For more information, go to 550 5.1.1 https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp",
  },
  {
    family: 'google',
    kind: 'hard',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.2.1',
    stage: 'rcpt_to',
    text: '550-5.2.1 The email account that you tried to reach is inactive. For more 550-5.2.1 information, go to 550 5.2.1 https://support.google.com/mail/?p=DisabledUser {id} - gsmtp',
  },
  {
    family: 'google',
    kind: 'soft',
    weight: 5,
    replyCode: 452,
    enhancedStatus: '4.2.2',
    text: "452-4.2.2 The recipient's inbox is out of storage space. Please direct the 452-4.2.2 recipient to 452 4.2.2 https://support.google.com/mail/?p=OverQuotaTemp {id} - gsmtp",
  },
  {
    family: 'google',
    kind: 'soft',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.2.1',
    stage: 'rcpt_to',
    text: '550-5.2.1 The user you are trying to contact is receiving mail at a rate that 550-5.2.1 prevents additional messages from being delivered. https://support.google.com/mail/?p=ReceivingRatePerm {id} - gsmtp',
  },
  {
    family: 'google',
    kind: 'sender',
    weight: 4,
    replyCode: 421,
    enhancedStatus: '4.7.28',
    text: '421-4.7.28 [{ip}] Gmail has detected an unusual rate of unsolicited email originating from your IP address. - gsmtp',
  },
  {
    family: 'google',
    kind: 'sender',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.7.26',
    stage: 'data',
    text: '550-5.7.26 This email has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. {id} - gsmtp',
  },
  // Microsoft
  {
    family: 'microsoft',
    kind: 'hard',
    weight: 5,
    replyCode: 550,
    enhancedStatus: '5.5.0',
    stage: 'rcpt_to',
    text: '550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302). [DB5EUR03FT017.eop-EUR03.prod.protection.outlook.com]',
  },
  {
    family: 'microsoft',
    kind: 'hard',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.1.10',
    text: '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {addr} not found by SMTP address lookup',
  },
  {
    family: 'microsoft',
    kind: 'sender',
    weight: 6,
    replyCode: 451,
    enhancedStatus: '4.7.650',
    stage: 'mail_from',
    text: '451 4.7.650 The mail server [{ip}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)',
  },
  {
    family: 'microsoft',
    kind: 'sender',
    weight: 3,
    replyCode: 550,
    enhancedStatus: '5.7.1',
    stage: 'mail_from',
    text: "550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150).",
  },
  {
    family: 'microsoft',
    kind: 'sender',
    weight: 1,
    replyCode: 554,
    enhancedStatus: '5.2.2',
    text: '554 5.2.2 Submission quota exceeded',
  },
  {
    family: 'microsoft',
    kind: 'soft',
    weight: 2,
    replyCode: 452,
    enhancedStatus: '4.2.2',
    text: '452 4.2.2 The recipient mailbox is full and cannot accept messages now',
  },
  // Yahoo and AOL
  {
    family: 'yahoo',
    kind: 'hard',
    weight: 5,
    replyCode: 554,
    stage: 'data',
    text: "554 delivery error: dd This user doesn't have a yahoo.com account ({addr}) [-5] - mta1001.mail.gq1.yahoo.com",
  },
  {
    family: 'yahoo',
    kind: 'hard',
    weight: 1,
    replyCode: 554,
    text: '554 30 Sorry, your message to {addr} cannot be delivered. This mailbox is disabled (554.30)',
  },
  {
    family: 'yahoo',
    kind: 'soft',
    weight: 3,
    replyCode: 452,
    text: '452 Sorry, your message to {addr} cannot be delivered. This account is over quota',
  },
  {
    family: 'yahoo',
    kind: 'sender',
    weight: 5,
    replyCode: 421,
    enhancedStatus: '4.7.0',
    stage: 'mail_from',
    text: '421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  },
  {
    family: 'yahoo',
    kind: 'sender',
    weight: 1,
    replyCode: 554,
    enhancedStatus: '5.7.9',
    text: '554 5.7.9 Message not accepted for policy reasons.  See https://senders.yahooinc.com/error-codes',
  },
  // Everyone else: Postfix, Exim, appliances (the seeds' tables)
  {
    family: 'generic',
    kind: 'hard',
    weight: 6,
    replyCode: 550,
    enhancedStatus: '5.1.1',
    stage: 'rcpt_to',
    text: '550 5.1.1 <{addr}>: Recipient address rejected: User unknown in virtual mailbox table',
  },
  {
    family: 'generic',
    kind: 'hard',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.1.2',
    text: '550 5.1.2 Host or domain name not found. Name service error for name=mail.invalid type=MX',
  },
  {
    family: 'generic',
    kind: 'hard',
    weight: 1,
    replyCode: 553,
    enhancedStatus: '5.1.3',
    text: '553 5.1.3 The recipient address <{addr}> is not a valid RFC 5321 address',
  },
  {
    family: 'generic',
    kind: 'hard',
    weight: 1,
    replyCode: 550,
    enhancedStatus: '5.1.0',
    text: '550 5.1.0 Mailbox permanently disabled',
  },
  {
    family: 'generic',
    kind: 'soft',
    weight: 5,
    replyCode: 450,
    enhancedStatus: '4.2.1',
    text: '450 4.2.1 Mailbox full, please try again later',
  },
  {
    family: 'generic',
    kind: 'soft',
    weight: 3,
    replyCode: 422,
    enhancedStatus: '4.2.2',
    text: '422 4.2.2 Mailbox storage exceeded: over quota',
  },
  {
    family: 'generic',
    kind: 'soft',
    weight: 3,
    replyCode: 421,
    enhancedStatus: '4.7.0',
    text: '421 4.7.0 Service not available, closing transmission channel',
  },
  {
    family: 'generic',
    kind: 'soft',
    weight: 2,
    replyCode: 451,
    enhancedStatus: '4.3.0',
    text: '451 4.3.0 Temporary server error, please try again later',
  },
  {
    family: 'generic',
    kind: 'sender',
    weight: 3,
    replyCode: 450,
    enhancedStatus: '4.2.0',
    stage: 'rcpt_to',
    text: '450 4.2.0 <{addr}>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
  },
  {
    family: 'generic',
    kind: 'sender',
    weight: 2,
    replyCode: 550,
    enhancedStatus: '5.7.1',
    stage: 'rcpt_to',
    text: '550 5.7.1 Service unavailable, Client host [{ip}] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/{ip}',
  },
  {
    family: 'generic',
    kind: 'sender',
    weight: 1,
    replyCode: 552,
    enhancedStatus: '5.3.4',
    text: '552 5.3.4 Message size exceeds fixed limit',
  },
  {
    family: 'generic',
    kind: 'sender',
    weight: 1,
    replyCode: 452,
    enhancedStatus: '4.5.3',
    text: '452 4.5.3 Too many recipients',
  },
  // Any receiver: replies that say nothing usable
  { family: 'any', kind: 'undetermined', weight: 3, text: 'delivery failed for an unknown reason' },
  {
    family: 'any',
    kind: 'undetermined',
    weight: 1,
    replyCode: 550,
    text: '550 Requested action not taken: mailbox unavailable',
  },
];

/** Our sending IPs (documentation range): the few values `{ip}` takes. */
export const SENDING_IPS = ['203.0.113.7', '203.0.113.9', '203.0.113.24', '203.0.113.71'];

export function familyOf(domain: string): MailboxFamily {
  if (domain === 'gmail.com' || domain === 'googlemail.com') {
    return 'google';
  }
  if (/^(outlook|hotmail|live|msn)\./.test(domain)) {
    return 'microsoft';
  }
  if (/^(yahoo|aol|ymail)\./.test(domain)) {
    return 'yahoo';
  }
  return 'generic';
}
