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

export function reasonCountsAgainstRecipient(reason: BounceReason): boolean {
  return !SENDER_SIDE_REASONS.has(reason);
}
