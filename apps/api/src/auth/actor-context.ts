import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { Actor } from './actor';

const actors = new AsyncLocalStorage<Actor>();

/**
 * The actor of the request in hand, wherever its handling has got to: the command handlers record it in the metadata
 * of what they append without every controller passing it along. Undefined outside a request with a token.
 */
export function currentActor(): Actor | undefined {
  return actors.getStore();
}

/** Runs each route's handler (and all it awaits) with the request's actor as `currentActor()`. */
@Injectable()
export class ActorContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
    // Nest binds the handler's call to the async context `handle()` is called in.
    return actor === undefined ? next.handle() : actors.run(actor, () => next.handle());
  }
}
