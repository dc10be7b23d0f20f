import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '@app/access';
import { AccessTokens } from '@app/access';
import type { Environment } from '@app/recipients';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../http/problem-details';
import { ENVIRONMENT } from '../stores/tokens';
import { bearerSecret, unauthorized } from './bearer';
import { isLoopbackHost } from './loopback-host';
import { RateLimiter } from './rate-limiter';
import { RouteAccessCache } from './route-access';

/**
 * Every route is closed unless it says otherwise: it takes a bearer token holding the scope it declares with
 * `@RequireScope` (a route that declares nothing takes `admin`), or is `@Public()`. The accepted token becomes the
 * request's actor (`@RequestActor()` hands it to the controller, which passes it into its command); then the
 * token's rate limit for the scope is counted.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly loopback: boolean;
  private readonly routes: RouteAccessCache;

  constructor(
    reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    @Inject(ENVIRONMENT) env: Environment,
  ) {
    this.loopback = isLoopbackHost(env.HOST);
    this.routes = new RouteAccessCache(reflector);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const access = this.routes.of(context);
    if (access.open || (access.openOnLoopback && this.loopback)) {
      return true;
    }
    return this.admit(context, access.scope);
  }

  private async admit(context: ExecutionContext, scope: Scope): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
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
    const retryAfter = await this.limiter.retryAfter(request, scope);
    if (retryAfter !== undefined) {
      void reply.header('retry-after', String(retryAfter));
      throw new ProblemError(
        429,
        'Too Many Requests',
        `The token ${token.name} is over its ${scope} limit; retry after ${retryAfter} s. Nothing was recorded`,
      );
    }
    return true;
  }
}
