import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { createParamDecorator, Injectable } from '@nestjs/common';
import type { CommandTrace } from '@app/recipients';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';

const traces = new AsyncLocalStorage<CommandTrace>();
const WEBHOOK_ROUTE = /^\/v1\/webhooks\/([^/]+)$/;
const INBOUND_MAIL_ROUTE = '/v1/inbound/mail';

/** The trace of the request in hand: the command handlers keep it in what they append. Undefined outside a request. */
export function currentTrace(): CommandTrace | undefined {
  return traces.getStore();
}

/** Runs `work` with the request's trace and `causationId` (a provider's message id) as what caused its commands. */
export function withCausation<T>(causationId: string | undefined, work: () => Promise<T>): Promise<T> {
  const trace = traces.getStore();
  return causationId === undefined || causationId === '' ? work() : traces.run({ ...trace, causationId }, work);
}

/** Where a request came in: a provider's webhook, the bounce mailbox, or any other HTTP route. */
export function requestSource(route: string | undefined): string {
  const webhook = route === undefined ? null : WEBHOOK_ROUTE.exec(route);
  if (webhook !== null) {
    return `webhook:${webhook[1]}`;
  }
  return route === INBOUND_MAIL_ROUTE ? 'mail' : 'http';
}

/** The trace of a request's commands: the request's id and where it came in. */
export function requestTraceOf(request: FastifyRequest): CommandTrace {
  return { correlationId: request.id, source: requestSource(request.routeOptions.url) };
}

/**
 * The request's trace, for a controller that passes it into its command as it passes the actor: the single command
 * endpoints, which then run through no interceptor (Nest's interceptor pipeline and an async context cost a small
 * command a noticeable part of what it costs).
 */
export const RequestTrace = createParamDecorator((_data: unknown, context: ExecutionContext): CommandTrace =>
  requestTraceOf(context.switchToHttp().getRequest<FastifyRequest>()),
);

/**
 * Runs the route's handler (and all it awaits) with the request's trace as `currentTrace()`, for the routes whose
 * commands are sent further down (webhooks, the bounce mailbox, the batch). Only on routes that record
 * (`@UseInterceptors`): a route with no interceptor skips Nest's interceptor pipeline entirely.
 */
@Injectable()
export class RequestTraceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const trace = requestTraceOf(context.switchToHttp().getRequest<FastifyRequest>());
    return traces.run(trace, () => next.handle());
  }
}
