import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Params } from 'nestjs-pino';
import type { Logger } from 'pino';
import { PinoLogger } from 'nestjs-pino';

/** Requests that are not worth a line each: probes and scrapes. */
const UNLOGGED_PATHS = new Set(['/health', '/metrics']);
const MAX_GIVEN_REQUEST_ID_LENGTH = 100;

/** Undoing percent-encoding more than this many times is not a reading any client intends. */
const MAX_DECODINGS = 4;
/** The path parameter every address route names its address by. */
const ADDRESS_PARAMETER = 'address';
/** Parameters other than addresses (event ids, token ids) are logged as given when they look like plain ids. */
const PLAIN_ID = /^[\w.:-]{1,100}$/;

/**
 * A path parameter as it may appear in a log line: an address keeps its domain and loses its whole local part
 * (`***@example.com`), however many times it was percent-encoded; an address parameter without `@`, and anything
 * that is not a plain id, is `***`.
 */
export function maskParameter(value: string, isAddress = false): string {
  let decoded = value;
  for (let round = 0; round < MAX_DECODINGS && decoded.includes('%'); round += 1) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return '***';
    }
  }
  const at = decoded.lastIndexOf('@');
  if (at >= 0) {
    const domain = decoded.slice(at + 1);
    return PLAIN_ID.test(domain) ? `***@${domain}` : '***';
  }
  return !isAddress && PLAIN_ID.test(decoded) ? decoded : '***';
}

/** Every path parameter masked; the query string is never logged (it may carry a token or an address). */
function maskedParameters(params: unknown): Record<string, string> | undefined {
  if (typeof params !== 'object' || params === null) {
    return undefined;
  }
  const entries = Object.entries(params as Record<string, unknown>);
  return entries.length === 0
    ? undefined
    : Object.fromEntries(
        entries.map(([name, value]) => [name, maskParameter(String(value), name === ADDRESS_PARAMETER)]),
      );
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
 * nothing is built unless that level is enabled. The line names the route pattern (`/v1/suppressions/:address`)
 * and the masked parameters, never the URL as sent: no encoding of an address, no query value and no header reaches
 * a log. A request that matched no route is logged without a route.
 */
export function logRequests(fastify: FastifyInstance, logger: () => Logger = () => PinoLogger.root): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const log = logger();
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (log.isLevelEnabled(level) && !UNLOGGED_PATHS.has(request.routeOptions.url ?? '')) {
      log[level](
        // Flat fields: pino-http's serializers, which the logger carries, would read `req` and `res` as Node's objects.
        {
          reqId: request.id,
          method: request.method,
          route: request.routeOptions.url,
          params: maskedParameters(request.params),
          statusCode: status,
          responseTime: reply.elapsedTime,
        },
        'request completed',
      );
    }
    done();
  });
}
