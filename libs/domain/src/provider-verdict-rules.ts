import type { RuleMatch } from './bounce-evidence';
import type { BounceClass, BounceReason, ProviderVerdict } from './classification';

// The ESPs' own labels, consulted only after the codes and the text had nothing decisive to say: the labels follow
// the reply class, so a block often arrives as "Permanent" (reference/esp-webhooks.md, provider-gray-areas.md s.6).

const NOT_IN_KEY = /[^a-z/*-]/g;
const NOT_IN_PROVIDER = /[^a-z]/g;

type Outcome = readonly [reason: BounceReason, bounceClass: BounceClass] | 'undetermined' | 'not-a-failure';
type Table = Readonly<Record<string, Outcome>>;

// An echo of an earlier suppression, an auto-reply or a deferral the ESP is still retrying says nothing new about
// the address: it is kept as evidence but never counted.
const SES: Table = {
  'Permanent/General': 'undetermined',
  'Permanent/NoEmail': ['mailbox_unknown', 'hard'],
  'Permanent/Suppressed': 'not-a-failure',
  'Permanent/OnAccountSuppressionList': 'not-a-failure',
  'Transient/General': 'undetermined',
  'Transient/MailboxFull': ['mailbox_full', 'soft'],
  'Transient/MessageTooLarge': ['message_too_large', 'soft'],
  'Transient/ContentRejected': ['content_rejected', 'soft'],
  'Transient/AttachmentRejected': ['content_rejected', 'soft'],
  'Undetermined/Undetermined': 'undetermined',
  Undetermined: 'undetermined',
};

// SendGrid: `type` is bounce or blocked (or the event: deferred, dropped), `subType` the bounce_classification or
// the drop reason.
const SENDGRID: Table = {
  'bounce/Invalid Address': ['mailbox_unknown', 'hard'],
  'bounce/Mailbox Unavailable': ['mailbox_unavailable', 'soft'],
  'bounce/Reputation': ['reputation_block', 'hard'],
  'bounce/Content': ['content_rejected', 'hard'],
  'bounce/Frequency or Volume Too High': ['rate_limited', 'soft'],
  'bounce/Technical Failure': ['recipient_server_unavailable', 'soft'],
  'bounce/Unclassified': 'undetermined',
  bounce: 'undetermined',
  'blocked/Content': ['content_rejected', 'hard'],
  'blocked/Frequency or Volume Too High': ['rate_limited', 'soft'],
  blocked: ['reputation_block', 'hard'],
  deferred: 'not-a-failure',
  'dropped/Invalid': ['address_invalid', 'hard'],
  'dropped/Invalid Address': ['address_invalid', 'hard'],
  'dropped/Spam Content': ['content_rejected', 'hard'],
  'dropped/Invalid SMTPAPI header': ['policy_rejection', 'hard'],
  'dropped/Recipient List over Package Quota': ['sender_quota_exceeded', 'hard'],
  dropped: 'not-a-failure',
};

// Mailgun: `type` is the severity, `subType` the reason. Any `suppress-*` reason echoes Mailgun's own list.
const MAILGUN: Table = {
  'permanent/espblock': ['reputation_block', 'hard'],
  'temporary/espblock': ['reputation_block', 'soft'],
  'temporary/greylisted': ['greylisted', 'soft'],
  'permanent/suppress-*': 'not-a-failure',
  'temporary/suppress-*': 'not-a-failure',
  permanent: 'undetermined',
  temporary: 'not-a-failure',
};

const POSTMARK: Table = {
  HardBounce: ['mailbox_unknown', 'hard'],
  BadEmailAddress: ['address_invalid', 'hard'],
  SoftBounce: ['mailbox_unavailable', 'soft'],
  Transient: ['recipient_server_unavailable', 'soft'],
  DnsError: ['recipient_server_unavailable', 'soft'],
  Blocked: ['reputation_block', 'hard'],
  DMARCPolicy: ['authentication_failed', 'hard'],
  SpamNotification: ['content_rejected', 'hard'],
  VirusNotification: ['content_rejected', 'hard'],
  TemplateRenderingFailed: ['content_rejected', 'hard'],
  Unknown: 'undetermined',
  AutoResponder: 'not-a-failure',
  Subscribe: 'not-a-failure',
  Unsubscribe: 'not-a-failure',
  AddressChange: 'not-a-failure',
  ChallengeVerification: 'not-a-failure',
  OpenRelayTest: 'not-a-failure',
  SpamComplaint: 'not-a-failure',
  ManuallyDeactivated: 'not-a-failure',
  SMTPApiError: 'not-a-failure',
  Unconfirmed: 'not-a-failure',
  InboundError: 'not-a-failure',
};

const PROVIDERS: Readonly<Record<string, { name: string; table: Table }>> = {
  ses: { name: 'ses', table: SES },
  amazonses: { name: 'ses', table: SES },
  awsses: { name: 'ses', table: SES },
  sendgrid: { name: 'sendgrid', table: SENDGRID },
  mailgun: { name: 'mailgun', table: MAILGUN },
  postmark: { name: 'postmark', table: POSTMARK },
};

// Webhooks differ in case and spacing between versions; the lookup is by a folded key, the rule keeps the documented
// spelling so that audits group by one name.
const RULES = new Map<string, RuleMatch>();
for (const [key, { name, table }] of Object.entries(PROVIDERS)) {
  for (const [label, outcome] of Object.entries(table)) {
    RULES.set(`${key}:${fold(label)}`, toMatch(`verdict:${name}:${label}`, outcome));
  }
}

function toMatch(rule: string, outcome: Outcome): RuleMatch {
  if (outcome === 'undetermined') {
    return { rule, reason: 'undetermined', class: 'undetermined' };
  }
  if (outcome === 'not-a-failure') {
    return { rule, reason: 'undetermined', class: 'undetermined', countsAgainstRecipient: false };
  }
  const [reason, bounceClass] = outcome;
  return { rule, reason, class: bounceClass };
}

function fold(label: string): string {
  return label.toLowerCase().replace(NOT_IN_KEY, '');
}

export function matchProviderVerdict(verdict: ProviderVerdict | undefined): RuleMatch | undefined {
  if (verdict === undefined || typeof verdict.provider !== 'string') {
    return undefined;
  }
  const provider = verdict.provider.toLowerCase().replace(NOT_IN_PROVIDER, '');
  if (PROVIDERS[provider] === undefined) {
    return undefined;
  }
  const type = fold(verdict.type ?? '');
  const subType = fold(verdict.subType ?? '');
  const family = subType.startsWith('suppress-') ? 'suppress-*' : subType;
  return (
    RULES.get(`${provider}:${type}/${family}`) ??
    RULES.get(`${provider}:${type}`) ??
    // Some adapters put SendGrid's bounce_classification in `type` alone.
    (provider === 'sendgrid' ? RULES.get(`${provider}:bounce/${type}`) : undefined)
  );
}
