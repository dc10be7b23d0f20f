import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OpenOnLoopback, Public, RequireScope } from './scope.decorators';
import { RouteAccessCache } from './route-access';

@RequireScope('support')
class SupportController {
  inherits(): void {}

  @RequireScope('check')
  check(): void {}

  @Public()
  health(): void {}

  @OpenOnLoopback('metrics')
  metrics(): void {}
}

class UndeclaredController {
  route(): void {}
}

function contextOf(controller: abstract new () => unknown, handler: () => void): ExecutionContext {
  return { getClass: () => controller, getHandler: () => handler } as unknown as ExecutionContext;
}

describe('RouteAccessCache', () => {
  const handlers = SupportController.prototype;

  it("reads a handler's scope over its controller's, the controller's otherwise, and admin when none is declared", () => {
    const routes = new RouteAccessCache(new Reflector());
    expect(routes.of(contextOf(SupportController, handlers.check))).toEqual({
      open: false,
      scope: 'check',
      openOnLoopback: false,
    });
    expect(routes.of(contextOf(SupportController, handlers.inherits))).toMatchObject({ scope: 'support' });
    expect(routes.of(contextOf(UndeclaredController, UndeclaredController.prototype.route))).toMatchObject({
      scope: 'admin',
    });
  });

  it('answers public routes open and routes open on loopback with the scope they take elsewhere', () => {
    const routes = new RouteAccessCache(new Reflector());
    expect(routes.of(contextOf(SupportController, handlers.health))).toEqual({ open: true });
    expect(routes.of(contextOf(SupportController, handlers.metrics))).toEqual({
      open: false,
      scope: 'metrics',
      openOnLoopback: true,
    });
  });

  it('reflects on a route once, and tells apart one handler under two controllers', () => {
    const reflector = new Reflector();
    const reads = jest.spyOn(reflector, 'getAllAndOverride');
    const routes = new RouteAccessCache(reflector);
    const first = routes.of(contextOf(SupportController, handlers.inherits));
    const readsForOneRoute = reads.mock.calls.length;
    expect(routes.of(contextOf(SupportController, handlers.inherits))).toBe(first);
    expect(reads.mock.calls.length).toBe(readsForOneRoute);
    expect(routes.of(contextOf(UndeclaredController, handlers.inherits))).toMatchObject({ scope: 'admin' });
  });
});
