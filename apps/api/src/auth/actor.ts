import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Scope } from '@app/access';
import type { FastifyRequest } from 'fastify';

/**
 * Who made a request: the token the guard accepted. Controllers take it with `@RequestActor()` and pass it into their
 * commands, which keep it in the metadata of what they append.
 */
export interface Actor {
  tokenId: string;
  name: string;
  owner: string;
  scopes: readonly Scope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the access guard on every route that takes a token. */
    actor?: Actor;
  }
}

/** The request's actor, as the guard set it on the Fastify request; only on routes that require a scope. */
export const RequestActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<FastifyRequest>().actor;
  if (actor === undefined) {
    throw new Error('RequestActor used on a route without a required scope');
  }
  return actor;
});
