import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
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

/**
 * Runs the route's handler (and all it awaits) with the request's id and source as `currentTrace()`. Only on the
 * routes that record (`@UseInterceptors`): a route with no interceptor skips Nest's interceptor pipeline entirely.
 */
@Injectable()
export class RequestTraceInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const trace: CommandTrace = { correlationId: request.id, source: requestSource(request.routeOptions.url) };
    return traces.run(trace, () => next.handle());
  }
}
