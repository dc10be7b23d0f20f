import type { BounceReason } from './classification';

/**
 * Reasons that describe a problem on our side of the conversation (our rate, reputation, authentication, content,
 * size or quota). They are real bounces, but the recipient's mailbox is fine, so they never count against it: a
 * reputation deferral from one provider must not suppress a good address.
 */
export const SENDER_SIDE_REASONS: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'rate_limited',
  'reputation_block',
  'authentication_failed',
  'content_rejected',
  'message_too_large',
  'greylisted',
  'sender_quota_exceeded',
  'policy_rejection',
]);

/**
 * Trouble at the receiving system or on the way to it (RFC 3463 X.3 and X.4: server down, timeouts, hop count,
 * relay refused). It says nothing about the mailbox: a server down for a morning must not suppress its whole domain.
 */
export const RECEIVING_SYSTEM_REASONS: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'recipient_server_unavailable',
]);

export function reasonCountsAgainstRecipient(reason: BounceReason): boolean {
  return !SENDER_SIDE_REASONS.has(reason) && !RECEIVING_SYSTEM_REASONS.has(reason);
}
