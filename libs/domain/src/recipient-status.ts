import type { SuppressionCause } from './events';
import type { Policy } from './policy';
import type { RecipientState, RunBounce } from './recipient-state';
import { newestOf, softBounceRun } from './soft-bounce-run';

export const RECIPIENT_STATUSES = ['deliverable', 'soft_bouncing', 'quarantined', 'suppressed'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** The answer to "may I send to this address now?", derived at query time from the state and the clock. */
export interface StatusView {
  status: RecipientStatus;
  /** "Do not send now": true while quarantined or suppressed. */
  suppressed: boolean;
  restored: boolean;
  cause?: SuppressionCause;
  reason?: string;
  since?: string;
  /** End of the quarantine, or of the soft-bouncing period, when either applies. */
  until?: string;
}

/**
 * Quarantine and soft bouncing fade with time without an event: quarantine at its `until`, soft bouncing once the
 * newest bounce of the run lies outside the window.
 */
export function statusAt(state: RecipientState, policy: Policy, now: number): StatusView {
  const restored = state.restoration !== null;
  const { standing } = state;
  if (standing.kind === 'suppressed') {
    const { cause, reason, since } = standing;
    return { status: 'suppressed', suppressed: true, restored, cause, reason, since };
  }
  if (standing.kind === 'quarantined' && Date.parse(standing.until) > now) {
    return { status: 'quarantined', suppressed: true, restored, since: standing.since, until: standing.until };
  }
  const softUntil = softBouncingUntil(softBounceRun(state, policy), policy);
  if (softUntil !== undefined && softUntil > now) {
    return { status: 'soft_bouncing', suppressed: false, restored, until: new Date(softUntil).toISOString() };
  }
  return { status: 'deliverable', suppressed: false, restored };
}

/** When a non-empty run stops counting as soft bouncing, if no further bounce arrives. */
export function softBouncingUntil(run: readonly RunBounce[], policy: Policy): number | undefined {
  const newest = newestOf(run);
  return newest === undefined ? undefined : newest.occurredAt + policy.softBounceWindowMs;
}
