import type { AccessToken, IssuedToken } from '@app/access';
import type { SchemaObject } from '../openapi/schema-ref';

export interface TokenResponse {
  id: string;
  name: string;
  owner: string;
  scopes: string[];
  expiresAt: string | null;
  issuedAt: string;
  issuedBy: string;
  revokedAt: string | null;
}

export function tokenResponse(token: AccessToken): TokenResponse {
  const { id, name, owner, scopes, expiresAt, issuedAt, issuedBy, revokedAt } = token;
  return { id, name, owner, scopes: [...scopes], expiresAt, issuedAt, issuedBy, revokedAt };
}

export function issuedTokenResponse(issued: IssuedToken): TokenResponse & { token: string } {
  return { ...tokenResponse(issued.token), token: issued.secret };
}

const nullableTime: SchemaObject = { type: 'string', format: 'date-time', nullable: true };

const TOKEN: SchemaObject = {
  type: 'object',
  required: ['id', 'name', 'owner', 'scopes', 'expiresAt', 'issuedAt', 'issuedBy', 'revokedAt'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    owner: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    expiresAt: nullableTime,
    issuedAt: { type: 'string', format: 'date-time' },
    issuedBy: { type: 'string' },
    revokedAt: nullableTime,
  },
};

/** The token routes' answers, written out for the OpenAPI document. */
export const TOKEN_SCHEMAS = {
  token: TOKEN,
  issued: {
    ...TOKEN,
    required: [...(TOKEN.required ?? []), 'token'],
    properties: {
      ...TOKEN.properties,
      token: { type: 'string', description: 'The secret: shown this once, only its hash is kept' },
    },
  } satisfies SchemaObject,
  list: {
    type: 'object',
    required: ['tokens'],
    additionalProperties: false,
    properties: { tokens: { type: 'array', items: TOKEN } },
  } satisfies SchemaObject,
};
