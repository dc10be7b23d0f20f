/**
 * What a token may do. Every route declares one scope; a token holds any number of them. `admin` does not imply the
 * others: the bootstrap token simply holds them all.
 */
export const SCOPES = ['check', 'ingest', 'support', 'policy', 'admin', 'metrics'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** What each scope lets a token do, for `tokens list`, the OpenAPI document and the README. */
export const SCOPE_PURPOSES: Record<Scope, string> = {
  check: 'suppression queries',
  ingest: 'bounces, deliveries, complaints, unsubscribes, corrections, batches and inbound mail',
  support: 'manual suppressions and lifts, restorations and their reverts, recipient state and history',
  policy: 'policy simulations and adoptions',
  admin: 'tokens; acting in the name of someone else',
  metrics: '/metrics and /docs when the service is not bound to loopback',
};
