import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';
import { PinoLogger } from 'nestjs-pino';

/** Requests that are not worth a line each: probes and scrapes. */
const UNLOGGED_PATHS = new Set(['/health', '/metrics']);
const MAX_GIVEN_REQUEST_ID_LENGTH = 100;

/**
 * Addresses in paths appear masked in logs: `j***@example.com`. Segment by segment, so the work stays linear in the
 * length of the URL (a backtracking pattern took quadratic time on long segments).
 */
export function maskAddressesInUrl(url: string): string {
  return url.replace(/[^/?&=]+/g, (segment) => {
    const at = Math.max(segment.lastIndexOf('@'), segment.lastIndexOf('%40'));
    return at < 0 ? segment : `${at > 0 ? segment[0] : ''}***${segment.slice(at)}`;
  });
}

/**
 * The service's pino logger, for Nest's own logging. No per-request middleware: pino-http's child logger and the
 * async-local context around every request cost more than the check they log; `logRequests` writes the access line.
 */
export function loggerParams(level: string): Params {
  return { pinoHttp: { level }, forRoutes: [] };
}

/** The caller's `x-request-id` when it is a sensible one, else a new id; Fastify keeps it as `request.id`. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && given.length > 0 && given.length <= MAX_GIVEN_REQUEST_ID_LENGTH
    ? given
    : randomUUID();
}

/**
 * One access line per request, written when the response has gone: error at 5xx, warn at 4xx, info otherwise, and
 * nothing is built unless that level is enabled. Addresses in the URL are masked.
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger = () => PinoLogger.root): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const log = logger();
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (log.isLevelEnabled(level) && !UNLOGGED_PATHS.has(request.url)) {
      log[level](
        // Flat fields: pino-http's serializers, which the logger carries, would read `req` and `res` as Node's objects.
        {
          reqId: request.id,
          method: request.method,
          url: maskAddressesInUrl(request.url),
          statusCode: status,
          responseTime: reply.elapsedTime,
        },
        'request completed',
      );
    }
    done();
  });
}
