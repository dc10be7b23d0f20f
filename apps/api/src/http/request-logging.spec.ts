import { Writable } from 'node:stream';
import Fastify from 'fastify';
import pino from 'pino';
import { logRequests, maskParameter, requestId } from './request-logging';

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
  it('keeps only the domain of an address parameter, however often it was encoded', () => {
    expect(maskParameter('jane.doe@example.com')).toBe('***@example.com');
    expect(maskParameter('jane%40example.com')).toBe('***@example.com');
    expect(maskParameter('jane%2540example.com')).toBe('***@example.com');
    expect(maskParameter('"a@b"@example.com')).toBe('***@example.com');
    expect(maskParameter('jane%zz@example.com')).toBe('***');
    expect(maskParameter('jane@exa mple.com')).toBe('***');
    expect(maskParameter('01J8ZQ3K7V')).toBe('01J8ZQ3K7V');
    expect(maskParameter('jane', true)).toBe('***');
    expect(maskParameter('secret.name=x&y')).toBe('***');
  });

  it('writes one line per request, with the request id, the route pattern and the address masked', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingAt('info', lines);
    await app.inject({ url: '/v1/suppressions/jane@example.com', headers: { 'x-request-id': 'abc-1' } });
    await app.inject({ url: '/fails' });
    await app.inject({ url: '/health' });

    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        reqId: 'abc-1',
        route: '/v1/suppressions/:address',
        params: { address: '***@example.com' },
        statusCode: 200,
      }),
      expect.objectContaining({ level: 50, route: '/fails', statusCode: 503, reqId: expect.any(String) }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('jane');
  });

  it.each([
    ['a local part with = and &', '/v1/suppressions/secret.name%3Dx%26leak%40example.com', 'secret'],
    ['a raw = and & in the local part', '/v1/suppressions/secret.name=x&leak@example.com', 'secret'],
    ['a double-encoded @', '/v1/suppressions/secret.name%2540example.com', 'secret'],
    ['an address without @', '/v1/suppressions/secret.name', 'secret'],
    ['a token in the query', '/v1/suppressions/jane@example.com?token=rs_live_abc123', 'rs_live_abc123'],
    ['an address in the query', '/v1/suppressions/jane@example.com?by=secret@example.org', 'secret'],
  ])('logs no trace of %s', async (_case, url, secret) => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingAt('info', lines);
    await app.inject({ url, headers: { authorization: 'Bearer rs_live_abc123' } });

    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain(secret);
    expect(JSON.stringify(lines)).not.toContain('rs_live_abc123');
  });

  it('logs a request that matched no route without its path', async () => {
    const lines: Record<string, unknown>[] = [];
    const app = appLoggingAt('info', lines);
    await app.inject({ url: '/v2/secret@example.com' });

    expect(lines).toEqual([expect.objectContaining({ level: 40, statusCode: 404 })]);
    expect(JSON.stringify(lines)).not.toContain('secret');
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
