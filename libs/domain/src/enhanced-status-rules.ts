import type { BounceClass, BounceReason } from './classification';
import type { RuleMatch } from './bounce-evidence';

/**
 * How far a code can be trusted on its own. `decisive` codes decide at their layer. `refinable` codes are ones
 * providers misuse or that only name a broad area (X.7.1 for every kind of block, X.2.0 for greylisting): the text
 * patterns look first, and the code's own reading stands only when no phrase matched. `none` codes say nothing about
 * the cause (X.0.0, informational details, an expiry that hides the last real answer) and leave it to later layers.
 */
export type Certainty = 'decisive' | 'refinable' | 'none';

export interface CodeReading {
  readonly match: RuleMatch | undefined;
  readonly certainty: Certainty;
}

type Row = readonly [
  subjectAndDetail: string,
  reason: BounceReason | undefined,
  certainty: Certainty,
  bounceClass?: BounceClass,
];

// RFC 3463 and the IANA registry, read for "whose problem is this?" (reference/dsn-and-status-codes.md section 6).
// The X.Y.0 rows double as the reading for any detail of that subject we do not know, as RFC 3463 asks of clients.
const ROWS: readonly Row[] = [
  ['0.0', undefined, 'none'],
  ['1.0', undefined, 'none'],
  ['1.1', 'mailbox_unknown', 'decisive'],
  ['1.2', 'domain_unknown', 'decisive'],
  ['1.3', 'address_invalid', 'decisive'],
  ['1.4', 'address_invalid', 'decisive'],
  ['1.5', undefined, 'none'],
  ['1.6', 'recipient_moved', 'decisive'],
  ['1.7', 'policy_rejection', 'decisive'],
  ['1.8', 'authentication_failed', 'decisive'],
  ['1.9', undefined, 'none'],
  ['1.10', 'domain_unknown', 'decisive'],
  ['2.0', 'mailbox_unavailable', 'refinable'],
  // Hard only when the text says the account is disabled; Gmail also uses 5.2.1 for a flooded inbox.
  ['2.1', 'mailbox_disabled', 'refinable', 'soft'],
  ['2.2', 'mailbox_full', 'decisive'],
  ['2.3', 'message_too_large', 'decisive'],
  ['2.4', 'mailbox_unavailable', 'decisive'],
  ['3.0', 'recipient_server_unavailable', 'refinable'],
  ['3.1', 'recipient_server_unavailable', 'decisive'],
  // Sendmail also answers its connection-rate controls with 4.3.2; the words tell a throttle from a busy system.
  ['3.2', 'recipient_server_unavailable', 'refinable'],
  ['3.3', 'content_rejected', 'decisive'],
  ['3.4', 'message_too_large', 'decisive'],
  ['3.5', 'recipient_server_unavailable', 'decisive'],
  ['3.6', undefined, 'none'],
  ['4.0', 'recipient_server_unavailable', 'refinable'],
  // Microsoft answers unknown recipients with 5.4.1 and the text names the cause; elsewhere it is routing.
  ['4.1', 'recipient_server_unavailable', 'refinable'],
  ['4.2', 'recipient_server_unavailable', 'decisive'],
  ['4.3', 'recipient_server_unavailable', 'decisive'],
  ['4.4', 'recipient_server_unavailable', 'refinable'],
  ['4.5', 'rate_limited', 'decisive'],
  // qmail also sends #5.4.6 for a host that lists itself as MX without taking the domain; the words name a loop.
  ['4.6', 'recipient_server_unavailable', 'refinable'],
  // Delivery time expired: the last real answer, when the text quotes it, names the cause better than the expiry, and
  // the expiry alone is soft whatever its class (provider-gray-areas.md section 5, trap 4).
  ['4.7', 'recipient_server_unavailable', 'refinable', 'soft'],
  ['5.0', undefined, 'none'],
  // Some servers answer their session and connection limits with 4.5.1 "invalid command"; the words tell.
  ['5.1', 'policy_rejection', 'refinable'],
  ['5.2', 'policy_rejection', 'decisive'],
  ['5.3', 'rate_limited', 'decisive'],
  ['5.4', 'policy_rejection', 'decisive'],
  ['5.5', 'policy_rejection', 'decisive'],
  ['5.6', 'authentication_failed', 'decisive'],
  ['6.0', 'content_rejected', 'refinable'],
  ['6.1', 'content_rejected', 'decisive'],
  ['6.2', 'content_rejected', 'decisive'],
  ['6.3', 'content_rejected', 'decisive'],
  ['6.4', 'content_rejected', 'decisive'],
  ['6.5', 'content_rejected', 'decisive'],
  ['6.6', 'content_rejected', 'decisive'],
  ['6.7', 'policy_rejection', 'decisive'],
  ['6.8', 'policy_rejection', 'decisive'],
  ['6.9', 'content_rejected', 'decisive'],
  ['6.10', 'policy_rejection', 'decisive'],
  ['7.0', 'policy_rejection', 'refinable'],
  // Used for blocklists, greylisting, relay refusals and organisation policies alike: the text tells them apart.
  ['7.1', 'policy_rejection', 'refinable'],
  ['7.2', 'policy_rejection', 'decisive'],
  ['7.3', 'policy_rejection', 'decisive'],
  ['7.4', 'policy_rejection', 'decisive'],
  ['7.5', 'authentication_failed', 'decisive'],
  ['7.6', 'authentication_failed', 'decisive'],
  ['7.7', 'authentication_failed', 'decisive'],
  ['7.8', 'authentication_failed', 'decisive'],
  ['7.9', 'authentication_failed', 'decisive'],
  ['7.10', 'policy_rejection', 'decisive'],
  ['7.11', 'authentication_failed', 'decisive'],
  ['7.12', 'authentication_failed', 'decisive'],
  // The registry means our authenticated client's account; a recipient-side text can still say otherwise.
  ['7.13', 'authentication_failed', 'refinable'],
  ['7.14', 'policy_rejection', 'decisive'],
  ['7.15', 'policy_rejection', 'decisive'],
  ['7.16', 'message_too_large', 'decisive'],
  ['7.17', 'recipient_moved', 'decisive'],
  ['7.18', 'domain_unknown', 'decisive'],
  ['7.19', undefined, 'none'],
  ['7.20', 'authentication_failed', 'decisive'],
  ['7.21', 'authentication_failed', 'decisive'],
  ['7.22', 'authentication_failed', 'decisive'],
  ['7.23', 'authentication_failed', 'decisive'],
  ['7.24', 'authentication_failed', 'decisive'],
  ['7.25', 'authentication_failed', 'decisive'],
  ['7.26', 'authentication_failed', 'decisive'],
  ['7.27', 'authentication_failed', 'decisive'],
  ['7.28', 'rate_limited', 'decisive'],
  ['7.29', 'authentication_failed', 'decisive'],
  ['7.30', 'policy_rejection', 'decisive'],
];

// A transient code means the condition may clear; for the destination domain that is a DNS lookup that failed for now
// (qmail's "#4.1.2"), which proves nothing about whether the domain exists unless the words say it was not found.
const TRANSIENT_ROWS: readonly Row[] = [['1.2', 'recipient_server_unavailable', 'refinable']];

const NO_READING: CodeReading = { match: undefined, certainty: 'none' };
const BY_CODE = new Map<string, CodeReading>();
const BY_SUBJECT = new Map<string, CodeReading>();

for (const statusClass of ['4', '5']) {
  const rows = statusClass === '4' ? [...ROWS, ...TRANSIENT_ROWS] : ROWS;
  for (const [subjectAndDetail, reason, certainty, bounceClass] of rows) {
    const code = `${statusClass}.${subjectAndDetail}`;
    BY_CODE.set(code, reading(`enhanced:${code}`, reason, certainty, bounceClass));
    if (subjectAndDetail.endsWith('.0')) {
      const subject = code.slice(0, -2);
      // An unknown detail is weaker evidence than the subject's own "other" code, so it never decides alone.
      const weaker = certainty === 'decisive' ? 'refinable' : certainty;
      BY_SUBJECT.set(subject, reading(`enhanced:${subject}.*`, reason, weaker));
    }
  }
}

// A success report (a delivered or relayed DSN that reached the bounce address) is not a failure of any kind.
function successReading(status: string): CodeReading {
  const match: RuleMatch = {
    rule: `enhanced:${status}`,
    reason: 'undetermined',
    class: 'undetermined',
    countsAgainstRecipient: false,
  };
  return { match, certainty: 'decisive' };
}

function reading(rule: string, reason: BounceReason | undefined, certainty: Certainty, bounceClass?: BounceClass) {
  if (reason === undefined) {
    return NO_READING;
  }
  return { match: { rule, reason, ...(bounceClass && { class: bounceClass }) }, certainty };
}

// RFC 3463 subjects about the mail system, the network, the protocol, the content and security or policy, and the
// two addressing details about our own sender address: none of them is a condition of the recipient's mailbox.
const SUBJECTS_NOT_ABOUT_RECIPIENT: ReadonlySet<string> = new Set(['3', '4', '5', '6', '7']);
const DETAILS_NOT_ABOUT_RECIPIENT: ReadonlySet<string> = new Set(['1.7', '1.8']);
// The registry's two policy codes that do report the recipient: RRVS found the mailbox or the domain has a new owner.
const DETAILS_ABOUT_RECIPIENT: ReadonlySet<string> = new Set(['7.17', '7.18']);

/**
 * Whether the code itself rules out a condition of the recipient's mailbox (reference/dsn-and-status-codes.md
 * section 6.4). Only words that name the address as unknown, disabled, moved or in a non-existent domain may still
 * count under such a code; a full or busy mailbox may not.
 */
export function codeRulesOutRecipient(status: string | undefined): boolean {
  if (status === undefined) {
    return false;
  }
  const subjectAndDetail = status.slice(status.indexOf('.') + 1);
  if (DETAILS_ABOUT_RECIPIENT.has(subjectAndDetail)) {
    return false;
  }
  const subject = subjectAndDetail.slice(0, subjectAndDetail.indexOf('.'));
  return SUBJECTS_NOT_ABOUT_RECIPIENT.has(subject) || DETAILS_NOT_ABOUT_RECIPIENT.has(subjectAndDetail);
}

/** The reading of a well-formed enhanced status code such as "5.1.1"; unknown subjects have none. */
export function enhancedStatusReading(status: string | undefined): CodeReading {
  if (status === undefined) {
    return NO_READING;
  }
  if (status.startsWith('2.')) {
    return successReading(status);
  }
  return BY_CODE.get(status) ?? BY_SUBJECT.get(status.slice(0, status.lastIndexOf('.'))) ?? NO_READING;
}
