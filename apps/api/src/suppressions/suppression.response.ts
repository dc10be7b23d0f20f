import type { Policy } from '@app/domain';
import type { RecipientStatusRow } from '@app/read-model';
import { rowStatusAt } from '@app/read-model';

export interface SuppressionResponse {
  address: string;
  suppressed: boolean;
  status: string;
  cause?: string;
  reason?: string;
  since?: string;
  until?: string;
  restored: boolean;
}

/**
 * "May I send?" for one address, resolved against the clock and the policy in force (so an adoption answers at once):
 * an address never seen is deliverable.
 */
export function toSuppressionResponse(
  address: string,
  row: RecipientStatusRow | null,
  policy: Policy,
  now: number,
): SuppressionResponse {
  const view = rowStatusAt(row, policy, now);
  return { address, ...view };
}
