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
  /** Present (true) when the allowlist keeps the address deliverable. */
  allowlisted?: boolean;
}

/**
 * The answer for a malformed address in a bulk check: `suppressed` is true because `suppressed` means "do not send
 * now", and nothing can be sent to an address that is not one. `address` is exactly what the caller sent.
 */
export interface InvalidAddressResult {
  address: string;
  status: 'invalid';
  suppressed: true;
  reason: string;
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
