import type { Scope } from './scopes';
import { isScope, SCOPES } from './scopes';

/** What issuing a token needs; the secret is generated unless given (BOOTSTRAP_TOKEN). */
export interface IssueTokenRequest {
  name: string;
  owner: string;
  scopes: readonly string[];
  /** ISO-8601 time; absent or null: never expires. */
  expiresAt?: string | null;
  /** Who issues it: the issuing token's name, `cli` or `bootstrap`. */
  by: string;
}

/** A request that names a field wrongly; the CLI and the HTTP routes report it with the field's name. */
export class InvalidTokenRequestError extends Error {
  override readonly name = 'InvalidTokenRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const MAX_LABEL_LENGTH = 200;

export interface CheckedTokenRequest {
  name: string;
  owner: string;
  scopes: Scope[];
  expiresAt: string | null;
}

/** Checks a request against the rules every entry point shares, and puts it in the form events hold. */
export function checkTokenRequest(request: IssueTokenRequest, now: number): CheckedTokenRequest {
  const name = label('name', request.name);
  const owner = label('owner', request.owner);
  if (request.scopes.length === 0) {
    throw new InvalidTokenRequestError('scopes', `name at least one of ${SCOPES.join(', ')}`);
  }
  const unknown = request.scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0) {
    throw new InvalidTokenRequestError('scopes', `unknown ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`);
  }
  const scopes = SCOPES.filter((scope) => request.scopes.includes(scope));
  return { name, owner, scopes, expiresAt: expiry(request.expiresAt, now) };
}

function label(field: string, value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.length > MAX_LABEL_LENGTH) {
    throw new InvalidTokenRequestError(field, `give 1 to ${MAX_LABEL_LENGTH} characters`);
  }
  return trimmed;
}

function expiry(expiresAt: string | null | undefined, now: number): string | null {
  if (expiresAt === undefined || expiresAt === null) {
    return null;
  }
  const time = Date.parse(expiresAt);
  if (Number.isNaN(time)) {
    throw new InvalidTokenRequestError('expiresAt', 'give an ISO-8601 time such as 2027-01-01T00:00:00Z');
  }
  if (time <= now) {
    throw new InvalidTokenRequestError('expiresAt', 'must lie in the future');
  }
  return new Date(time).toISOString();
}
