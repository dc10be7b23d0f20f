/**
 * What a token may do. Every route declares one scope; a token holds any number of them. `admin` does not imply the
 * others: the bootstrap token simply holds them all.
 */
export const SCOPES = ['check', 'ingest', 'support', 'policy', 'admin', 'metrics'] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
