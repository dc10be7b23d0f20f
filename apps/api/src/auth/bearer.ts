import type { FastifyReply } from 'fastify';
import { ProblemError } from '../http/problem-details';

/** The realm every 401 names, as RFC 6750 has a bearer challenge do. */
const REALM = 'recipient-state';

/** The secret of an `Authorization: Bearer <token>` header; a 401 (with its challenge set on the reply) otherwise. */
export function bearerSecret(header: string | undefined, reply: FastifyReply): string {
  if (header === undefined || header.trim() === '') {
    throw unauthorized(reply, undefined, 'Send Authorization: Bearer <token>');
  }
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (match === null) {
    throw unauthorized(reply, 'invalid_request', 'The Authorization header must be Bearer <token>');
  }
  return match[1] as string;
}

/** A 401 problem; the reply carries the WWW-Authenticate challenge the filter sends with it. */
export function unauthorized(
  reply: FastifyReply,
  error: 'invalid_request' | 'invalid_token' | undefined,
  detail: string,
): ProblemError {
  const challenge = error === undefined ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="${error}"`;
  void reply.header('www-authenticate', challenge);
  return new ProblemError(401, 'Unauthorized', detail, [{ field: 'authorization', message: detail }]);
}
