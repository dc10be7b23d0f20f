import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Environment } from '@app/recipients';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ENVIRONMENT } from '../stores/tokens';
import { isLoopbackHost } from './loopback-host';
import { RequestAdmission } from './request-admission';
import { RouteAccessCache } from './route-access';

/**
 * Every route is closed unless it says otherwise: it takes a bearer token holding the scope it declares with
 * `@RequireScope` (a route that declares nothing takes `admin`), or is `@Public()`. `RequestAdmission` authenticates
 * the token, makes it the request's actor (`@RequestActor()` hands it to the controller, which passes it into its
 * command) and counts the token's rate limit for the scope.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly loopback: boolean;
  private readonly routes: RouteAccessCache;

  constructor(
    reflector: Reflector,
    private readonly admission: RequestAdmission,
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
    const http = context.switchToHttp();
    return this.admission
      .admit(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), access.scope)
      .then(() => true);
  }
}
