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
import { OPEN_ON_LOOPBACK, PUBLIC_ROUTE, REQUIRED_SCOPE } from './scope.decorators';

/**
 * Every route is closed unless it says otherwise: it takes a bearer token holding the scope it declares with
 * `@RequireScope` (a route that declares nothing takes `admin`), or is `@Public()`. The accepted token becomes the
 * request's actor; then the token's rate limit for the scope is counted.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly loopback: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly limiter: RateLimiter,
    @Inject(ENVIRONMENT) env: Environment,
  ) {
    this.loopback = isLoopbackHost(env.HOST);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) {
      return true;
    }
    if (this.loopback && this.reflector.getAllAndOverride<boolean>(OPEN_ON_LOOPBACK, targets) === true) {
      return true;
    }
    const scope = this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ?? 'admin';
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
