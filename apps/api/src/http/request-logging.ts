import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';

/**
 * Addresses in paths appear masked in logs: `j***@example.com`. Segment by segment, so the work stays linear in the
 * length of the URL (it runs for every request, and a backtracking pattern took quadratic time on long segments).
 */
export function maskAddressesInUrl(url: string): string {
  return url.replace(/[^/?&=]+/g, (segment) => {
    const at = Math.max(segment.lastIndexOf('@'), segment.lastIndexOf('%40'));
    return at < 0 ? segment : `${at > 0 ? segment[0] : ''}***${segment.slice(at)}`;
  });
}

export function loggerParams(level: string): Params {
  return {
    pinoHttp: {
      level,
      genReqId: (request: IncomingMessage) => {
        const given = request.headers['x-request-id'];
        return typeof given === 'string' && given.length > 0 && given.length <= 100 ? given : randomUUID();
      },
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: maskAddressesInUrl(request.url),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: (_request, response, error) =>
        error !== undefined || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
    },
  };
}
