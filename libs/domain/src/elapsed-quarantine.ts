import { formatDuration } from './duration';
import type { Policy } from './policy';

/**
 * A late bounce can complete a quarantine that was already over when it arrived. The quarantine is still recorded,
 * ending in the past, so the history shows why the run went the way it did; this sentence says so plainly.
 */
export function explainElapsedQuarantine(runLength: number, until: string, recordedAt: string, policy: Policy): string {
  return (
    `Would have been quarantined until ${until} after ${runLength} consecutive soft bounces within ` +
    `${formatDuration(policy.softBounceWindowMs)}, but that was already past when the latest of them was recorded ` +
    `at ${recordedAt}; policy ${policy.version} suppresses at ${policy.softBounceLimit}.`
  );
}
