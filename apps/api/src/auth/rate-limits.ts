import type { Scope } from '@app/access';
import { SCOPES } from '@app/access';

/** Requests per minute per token and scope unless RATE_LIMITS_PER_MINUTE says otherwise; 0: no limit. */
export const DEFAULT_RATE_LIMITS: Record<Scope, number> = {
  check: 120_000,
  ingest: 120_000,
  support: 6_000,
  policy: 600,
  admin: 600,
  metrics: 600,
};

/** The limits in force: the defaults with the pairs of RATE_LIMITS_PER_MINUTE (validated at start) over them. */
export function rateLimits(setting: string | undefined): Record<Scope, number> {
  const limits = { ...DEFAULT_RATE_LIMITS };
  for (const pair of setting?.split(',') ?? []) {
    const [scope, count] = pair.split('=');
    const known = SCOPES.find((candidate) => candidate === scope);
    if (known !== undefined && count !== undefined) {
      limits[known] = Number(count);
    }
  }
  return limits;
}
