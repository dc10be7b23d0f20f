import type { Decision, RecipientEvent } from '@app/domain';

type Rejection = Extract<Decision, { outcome: 'rejected' }>;

/**
 * Why a second, different revert of one restoration is refused, in the caller's terms: who reverted it and when, not
 * the derived event id of the first revert, which the caller never sent. Undefined when it was never reverted.
 */
export function alreadyRevertedRejection(
  events: readonly RecipientEvent[],
  restorationId: string,
): Rejection | undefined {
  const revert = events.find(
    (event) => event.type === 'RestorationReverted' && event.data.restorationId === restorationId,
  );
  if (revert?.type !== 'RestorationReverted') {
    return undefined;
  }
  const { occurredAt, by } = revert.data;
  return {
    outcome: 'rejected',
    code: 'conflict',
    field: 'restorationId',
    message: `restoration ${restorationId} was already reverted at ${occurredAt} by ${by}`,
  };
}
