import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { logRequests, maskAddressesInUrl, requestId } from './request-logging';

/** A Fastify app whose access lines land in `lines`, logging at `level`. */
function appLoggingAt(level: string, lines: Record<string, unknown>[]) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, stream);
  const app = Fastify({ genReqId: requestId });
  logRequests(app, () => logger);
  app.get('/v1/suppressions/:address', () => ({ ok: true }));
  app.get('/fails', (_request, reply) => reply.status(503).send({}));
  app.get('/health', () => ({ status: 'ok' }));
  return app;
}

describe('request logging', () => {
  it('masks every address in a URL, encoded or not', () => {
    expect(maskAddressesInUrl('/v1/suppressions/jane.doe@example.com')).toBe('/v1/suppressions/j***@example.com');
    expect(maskAddressesInUrl('/v1/recipients/jane%40example.com/history?by=joe@example.org')).toBe(
      '/v1/recipients/j***%40example.com/history?by=j***@example.org',
    );
    expect(maskAddressesInUrl('/v1/policy')).toBe('/v1/policy');
  });

  it('writes one line per request, with the request id and the address masked', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingAt('info', lines);
    await app.inject({ url: '/v1/suppressions/jane@example.com', headers: { 'x-request-id': 'abc-1' } });
    await app.inject({ url: '/fails' });
    await app.inject({ url: '/health' });

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, reqId: 'abc-1', url: '/v1/suppressions/j***@example.com', statusCode: 200 }),
      expect.objectContaining({ level: 50, url: '/fails', statusCode: 503, reqId: expect.any(String) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('jane@');
  });

  it('writes nothing below its level', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingAt('warn', lines);
    await app.inject({ url: '/v1/suppressions/jane@example.com' });
    await app.inject({ url: '/fails' });

    expect(lines.map((line) => line.statusCode)).toEqual([503]);
  });

  it('keeps a sensible x-request-id and replaces any other', () => {
    const withId = (value: string | undefined) => requestId({ headers: { 'x-request-id': value } } as never);
    expect(withId('abc')).toBe('abc');
    expect(withId('')).toMatch(/^[0-9a-f-]{36}$/);
    expect(withId('x'.repeat(101))).toMatch(/^[0-9a-f-]{36}$/);
    expect(withId(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
