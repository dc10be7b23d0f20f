import type { BounceReason } from './classification';
import type { Certainty, CodeReading } from './enhanced-status-rules';

type Row = readonly [replyCode: number, reason: BounceReason, certainty: Exclude<Certainty, 'none'>];

// RFC 5321 reply codes, read only where the code alone points somewhere. 550 and 552 are absent on purpose: servers
// send 550 for unknown users and for blocks alike, and 552 for full mailboxes and oversized messages alike, so
// without an enhanced code or a telling phrase they say nothing about whose problem it is. 450, 451 and 452 are
// absent for the same reason (greylisting, throttling, local trouble and quota all use them).
const ROWS: readonly Row[] = [
  [421, 'rate_limited', 'refinable'],
  // Syntax and sequence errors answer commands our client sent: our side of the protocol.
  [500, 'policy_rejection', 'refinable'],
  [501, 'policy_rejection', 'refinable'],
  [502, 'policy_rejection', 'refinable'],
  [503, 'policy_rejection', 'refinable'],
  [504, 'policy_rejection', 'refinable'],
  // RFC 7504 means a host that takes no mail at all, but blocks of our mail use 521 too; the words decide first.
  [521, 'domain_unknown', 'refinable'],
  [530, 'authentication_failed', 'refinable'],
  [535, 'authentication_failed', 'refinable'],
  [551, 'recipient_moved', 'decisive'],
  [553, 'address_invalid', 'refinable'],
  [554, 'policy_rejection', 'refinable'],
  [555, 'policy_rejection', 'decisive'],
  [556, 'domain_unknown', 'decisive'],
];

const NO_READING: CodeReading = { match: undefined, certainty: 'none' };
const BY_CODE = new Map<number, CodeReading>(
  ROWS.map(([replyCode, reason, certainty]) => [
    replyCode,
    { match: { rule: `reply:${replyCode}`, reason }, certainty },
  ]),
);

export function replyCodeReading(replyCode: number | undefined): CodeReading {
  return replyCode === undefined ? NO_READING : (BY_CODE.get(replyCode) ?? NO_READING);
}
