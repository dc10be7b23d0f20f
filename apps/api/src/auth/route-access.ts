import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Scope } from '@app/access';
import { OPEN_ON_LOOPBACK, PUBLIC_ROUTE, REQUIRED_SCOPE } from './scope.decorators';

/** What a route takes: nothing, or a token holding `scope` (none while `openOnLoopback` and bound to loopback). */
export type RouteAccess = { open: true } | { open: false; scope: Scope; openOnLoopback: boolean };

/**
 * The access each route declares, read off its decorators once: the metadata is fixed when the module is defined,
 * so reflecting on every request would only repeat the same answer. Keyed by the controller and the handler, since
 * a handler inherited by two controllers may take each one's scope.
 */
export class RouteAccessCache {
  private readonly byController = new WeakMap<object, WeakMap<object, RouteAccess>>();

  constructor(private readonly reflector: Reflector) {}

  of(context: ExecutionContext): RouteAccess {
    const controller = context.getClass();
    const handler = context.getHandler();
    let byHandler = this.byController.get(controller);
    if (byHandler === undefined) {
      byHandler = new WeakMap();
      this.byController.set(controller, byHandler);
    }
    let access = byHandler.get(handler);
    if (access === undefined) {
      // The handler's decorators override its controller's.
      access = this.read([handler, controller]);
      byHandler.set(handler, access);
    }
    return access;
  }

  private read(targets: Parameters<Reflector['getAllAndOverride']>[1]): RouteAccess {
    // A route that declares nothing takes admin.
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true) {
      return { open: true };
    }
    return {
      open: false,
      scope: this.reflector.getAllAndOverride<Scope>(REQUIRED_SCOPE, targets) ?? 'admin',
      openOnLoopback: this.reflector.getAllAndOverride<boolean>(OPEN_ON_LOOPBACK, targets) === true,
    };
  }
}
