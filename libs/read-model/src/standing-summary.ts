import type { Policy, RecipientState, RecipientStatus, Standing } from '@app/domain';

/**
 * What a check needs of a recipient's folded state to answer under any policy at any time: the standing, the end of
 * a quarantine, and the newest bounce of the run both counting every class and counting soft bounces only (a policy
 * chooses between the two with `undetermined`). Times are epoch milliseconds, NaN when there is none.
 */
export interface StandingSummary {
  standing: Standing['kind'];
  quarantineUntil: number;
  newestBounceAt: number;
  newestSoftBounceAt: number;
}

/** The answer of a check: whether to send now, and the status it comes from. */
export interface CheckedStatus {
  status: RecipientStatus;
  suppressed: boolean;
}

/*
 * Every answer a check gives from the index is one of these, shared: a bulk check of ten thousand addresses makes no
 * object per address.
 */
export const DELIVERABLE: CheckedStatus = Object.freeze({ status: 'deliverable', suppressed: false });
export const SOFT_BOUNCING: CheckedStatus = Object.freeze({ status: 'soft_bouncing', suppressed: false });
export const QUARANTINED: CheckedStatus = Object.freeze({ status: 'quarantined', suppressed: true });
export const SUPPRESSED: CheckedStatus = Object.freeze({ status: 'suppressed', suppressed: true });

export function summariseStanding(state: RecipientState): StandingSummary {
  const { standing, run } = state;
  // The run is oldest first: its last bounce, of a class, is the newest the domain's soft-bounce rules read.
  let newestBounceAt = NaN;
  let newestSoftBounceAt = NaN;
  for (const bounce of run) {
    newestBounceAt = bounce.occurredAt;
    if (bounce.class === 'soft') {
      newestSoftBounceAt = bounce.occurredAt;
    }
  }
  return {
    standing: standing.kind,
    quarantineUntil: standing.kind === 'quarantined' ? Date.parse(standing.until) : NaN,
    newestBounceAt,
    newestSoftBounceAt,
  };
}

/** Clear with no run: the answer is "deliverable" under every policy, at every time. */
export function isPlainlyDeliverable(summary: StandingSummary): boolean {
  return summary.standing === 'clear' && Number.isNaN(summary.newestBounceAt);
}

/**
 * The domain's `statusAt`, reduced to what a check answers from a summary's fields (passed one by one, so the index
 * reads them from its arrays without building a summary): suppressed stays suppressed, a quarantine holds until its
 * end, and soft bouncing lasts a policy window past the newest counting bounce.
 */
export function standingStatusAt(
  standing: Standing['kind'],
  quarantineUntil: number,
  newestBounceAt: number,
  newestSoftBounceAt: number,
  policy: Policy,
  now: number,
): CheckedStatus {
  if (standing === 'suppressed') {
    return SUPPRESSED;
  }
  if (standing === 'quarantined' && quarantineUntil > now) {
    return QUARANTINED;
  }
  const newest = policy.undetermined === 'count_as_soft' ? newestBounceAt : newestSoftBounceAt;
  return newest + policy.softBounceWindowMs > now ? SOFT_BOUNCING : DELIVERABLE;
}
