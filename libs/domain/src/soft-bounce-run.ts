import type { Policy } from './policy';
import type { RecipientState, RunBounce } from './recipient-state';

/**
 * The run under a policy: the counting soft bounces that occurred after the latest delivery or correction, keeping
 * only those within the policy's window of the newest one. Oldest first.
 *
 * "Within the window" means less than `window` apart: a bounce exactly `window` before the newest is out. Every span
 * of the rules is half-open the same way, so the run agrees with soft bouncing, which ends at newest + window.
 */
export function softBounceRun(state: RecipientState, policy: Policy): RunBounce[] {
  const counting =
    policy.undetermined === 'count_as_soft' ? state.run : state.run.filter((bounce) => bounce.class === 'soft');
  const newest = counting[counting.length - 1];
  if (newest === undefined) {
    return counting;
  }
  const from = newest.occurredAt - policy.softBounceWindowMs;
  let first = 0;
  while (first < counting.length && counting[first]!.occurredAt <= from) {
    first++;
  }
  return first === 0 ? counting : counting.slice(first);
}

export function newestOf(run: readonly RunBounce[]): RunBounce | undefined {
  return run[run.length - 1];
}
