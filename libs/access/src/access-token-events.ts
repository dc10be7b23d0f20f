import type { Scope } from './scopes';

/**
 * Token changes live in a stream of their own. Its name starts with neither the recipient prefix nor a hex hash, so
 * the projector and the recipient scans pass it over.
 */
export const ACCESS_TOKEN_STREAM = 'access-tokens';

export interface AccessTokenIssued {
  type: 'AccessTokenIssued';
  data: {
    tokenId: string;
    name: string;
    owner: string;
    scopes: Scope[];
    /** ISO-8601; null: never expires. */
    expiresAt: string | null;
    /** SHA-256 of the secret, in hex; the secret itself is shown once and never stored. */
    secretHash: string;
    issuedAt: string;
    /** Who issued it: a token's name, `cli` or `bootstrap`. */
    by: string;
  };
}

export interface AccessTokenRevoked {
  type: 'AccessTokenRevoked';
  data: { tokenId: string; revokedAt: string; by: string };
}

export type AccessTokenEvent = AccessTokenIssued | AccessTokenRevoked;

export const ACCESS_TOKEN_EVENT_TYPES: readonly AccessTokenEvent['type'][] = [
  'AccessTokenIssued',
  'AccessTokenRevoked',
];

export function isAccessTokenEventType(type: string): type is AccessTokenEvent['type'] {
  return (ACCESS_TOKEN_EVENT_TYPES as readonly string[]).includes(type);
}
