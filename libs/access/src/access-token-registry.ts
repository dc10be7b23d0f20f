import type { AccessTokenEvent } from './access-token-events';
import type { Scope } from './scopes';

/** A token as listed: everything but its secret, which is never kept. */
export interface AccessToken {
  id: string;
  name: string;
  owner: string;
  scopes: Scope[];
  expiresAt: string | null;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
}

/** Why a presented secret was not accepted; each is a 401. */
export type RefusedToken = 'unknown' | 'expired' | 'revoked';

export type Authentication = { ok: true; token: AccessToken } | { ok: false; reason: RefusedToken };

/**
 * The fold of the token stream. Folding an event twice changes nothing (a follower may deliver an event it has
 * already read), and tokens are found by the hash of their secret.
 */
export class AccessTokenRegistry {
  private readonly byId = new Map<string, AccessToken>();
  private readonly idByHash = new Map<string, string>();

  apply(event: AccessTokenEvent): void {
    switch (event.type) {
      case 'AccessTokenIssued': {
        const { tokenId, name, owner, scopes, expiresAt, secretHash, issuedAt, by } = event.data;
        if (!this.byId.has(tokenId)) {
          this.byId.set(tokenId, {
            id: tokenId,
            name,
            owner,
            scopes: [...scopes],
            expiresAt,
            issuedAt,
            issuedBy: by,
            revokedAt: null,
          });
          this.idByHash.set(secretHash, tokenId);
        }
        return;
      }
      case 'AccessTokenRevoked': {
        const token = this.byId.get(event.data.tokenId);
        if (token !== undefined && token.revokedAt === null) {
          this.byId.set(token.id, { ...token, revokedAt: event.data.revokedAt });
        }
        return;
      }
      default: {
        const unhandled: never = event;
        throw new Error(`Unhandled access token event ${String(unhandled)}`);
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): AccessToken | undefined {
    return this.byId.get(id);
  }

  /** Every token ever issued, revoked and expired ones included, oldest first. */
  list(): AccessToken[] {
    return [...this.byId.values()];
  }

  hasHash(secretHash: string): boolean {
    return this.idByHash.has(secretHash);
  }

  authenticate(secretHash: string, now: number): Authentication {
    const id = this.idByHash.get(secretHash);
    const token = id === undefined ? undefined : this.byId.get(id);
    if (token === undefined) {
      return { ok: false, reason: 'unknown' };
    }
    if (token.revokedAt !== null) {
      return { ok: false, reason: 'revoked' };
    }
    if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, token };
  }
}
