import { Injectable } from '@nestjs/common';
import type { Scope } from '@app/access';
import { AccessTokens } from '@app/access';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../http/problem-details';
import { bearerSecret, unauthorized } from './bearer';
import { RateLimiter } from './rate-limiter';

/**
 * Admits a request to a route that takes `scope`: its bearer token must be known, unexpired, unrevoked and hold the
 * scope (401 or 403 otherwise). The token becomes the request's actor, then its rate limit for the scope is counted
 * (429 past it). The guard runs it for Nest's routes and plain Fastify routes call it themselves.
 */
@Injectable()
export class RequestAdmission {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
  ) {}

  async admit(request: FastifyRequest, reply: FastifyReply, scope: Scope): Promise<void> {
    const secret = bearerSecret(request.headers.authorization, reply);
    const authentication = await this.tokens.authenticate(secret);
    if (!authentication.ok) {
      throw unauthorized(reply, 'invalid_token', `The bearer token is ${authentication.reason}`);
    }
    const { token } = authentication;
    if (!token.scopes.includes(scope)) {
      void reply.header('www-authenticate', `Bearer error="insufficient_scope", scope="${scope}"`);
      throw new ProblemError(403, 'Forbidden', `The token ${token.name} does not hold the ${scope} scope`);
    }
    request.actor = { tokenId: token.id, name: token.name, owner: token.owner, scopes: token.scopes };
    if (!this.limiter.hasLimit(scope)) {
      return;
    }
    const retryAfter = await this.limiter.retryAfter(request, scope);
    if (retryAfter !== undefined) {
      void reply.header('retry-after', String(retryAfter));
      throw new ProblemError(
        429,
        'Too Many Requests',
        `The token ${token.name} is over its ${scope} limit; retry after ${retryAfter} s. Nothing was recorded`,
      );
    }
  }
}
