import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '@app/event-store';
import { InvalidQueryError, ReadModelUnavailableError } from '@app/read-model';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem, ProblemDetails } from './problem-details';
import { ProblemError } from './problem-details';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const logger = new Logger('http');

/** Every error leaves as application/problem+json (RFC 9457); nothing below the apps throws HTTP errors. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}

/** Answers `exception` as a problem, as the filter does for Nest's routes; plain Fastify routes call it themselves. */
export function sendProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(exception);
  problem.instance = request.url.split('?')[0];
  if (problem.status >= 500) {
    logger.error({ err: exception, status: problem.status, reqId: request.id }, problem.detail);
  }
  if (problem.status === 503) {
    void reply.header('retry-after', '1');
  }
  void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
}

/** Fastify's `frameworkErrors`: what its router rejects before Nest sees the request leaves as a problem too. */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error);
  problem.instance = request.url.split('?')[0];
  void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
}

export function toProblem(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemError) {
    const { status, title, message, errors } = exception;
    return { type: 'about:blank', title, status, detail: message, ...(errors.length > 0 ? { errors } : {}) };
  }
  if (exception instanceof ReadModelUnavailableError) {
    // Only queries read it (commands append to the log, which the read model follows): nothing is answered stale.
    return problem(503, 'The read model cannot be reached, so this cannot be answered now. Retry later.');
  }
  if (exception instanceof EventStoreUnavailableError) {
    return exception.outcome === 'unknown'
      ? problem(
          503,
          'The event store did not confirm the write in time, so it may have been recorded. Resend it unchanged ' +
            '(with the same eventId, if it had one): a recorded one is answered as a duplicate.',
        )
      : problem(503, 'A store is unavailable; nothing was recorded. Retry later.');
  }
  if (exception instanceof InvalidQueryError) {
    const { field, message } = exception;
    return { ...problem(400, `${field}: ${message}`), errors: [{ field, message }] };
  }
  if (exception instanceof WrongExpectedRevisionError) {
    return problem(503, 'Too many concurrent changes to this recipient; nothing was recorded. Retry.');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    // Nest re-throws Fastify's own request errors (bad JSON, body too large, media type) as HttpExceptions that keep
    // only Fastify's text, so they are recognised by status.
    if (typeof body === 'string') {
      return requestProblem(status, body, undefined);
    }
    // Health checks answer 503 with the state of every store; keep it.
    const checks = typeof body === 'object' && body !== null && 'details' in body ? { checks: body.details } : {};
    return { ...problem(status, describeHttpException(exception)), ...checks };
  }
  const fastifyError = exception as { statusCode?: unknown; message?: unknown; code?: unknown };
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode < 500) {
    return requestProblem(fastifyError.statusCode, String(fastifyError.message), fastifyError.code);
  }
  return problem(500, 'Unexpected error');
}

function problem(status: number, detail: string): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
}

function describeHttpException(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return response;
  }
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
}

/** What is wrong with the request as a whole, before any field is read; other errors keep Fastify's words. */
function requestProblem(status: number, fastifyMessage: string, code: unknown): ProblemDetails {
  const fault: FieldProblem | undefined =
    code === 'FST_ERR_BAD_URL'
      ? { field: 'path', message: 'the path is not valid URL encoding (percent-encode it as UTF-8)' }
      : code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? { field: 'path', message: 'a path parameter is longer than any valid value' }
        : status === 413
          ? { field: 'body', message: 'the request body is larger than the limit' }
          : status === 415
            ? { field: 'content-type', message: 'send application/json' }
            : // Case-insensitive: an empty body is reported as "...content-type is set to 'application/json'".
              status === 400 && /JSON/i.test(fastifyMessage)
              ? { field: 'body', message: 'the request body is not valid JSON' }
              : undefined;
  if (fault === undefined) {
    return problem(status, fastifyMessage);
  }
  return { ...problem(status, `${fault.field}: ${fault.message}`), errors: [fault] };
}
