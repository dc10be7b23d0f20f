import { hash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'rs_';
/** 32 random bytes: a secret nobody guesses, so its unsalted hash is as good as a password hash. */
const SECRET_BYTES = 32;
/** What a presented secret must look like before it is hashed and looked up. */
export const TOKEN_SECRET_PATTERN = /^rs_[A-Za-z0-9_-]{32,}$/;

export function generateTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * SHA-256 of the UTF-8 text in hex: the only form a secret is kept in; tokens are looked up by it. Every request
 * hashes its token, so the one-shot form: no hash object per request.
 */
export function hashTokenSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}
