import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import { addSecurityHeaders } from './security-headers';

async function appWithSecurityHeaders() {
  const app = Fastify();
  addSecurityHeaders(app);
  app.get('/v1/policy', () => ({ ok: true }));
  app.get('/console', (_request, reply) => reply.type('text/html').send('<!doctype html>'));
  await app.ready();
  return app;
}

describe('security headers', () => {
  it("sends helmet's headers and a CSP that allows only the service's own scripts", async () => {
    const app = await appWithSecurityHeaders();
    const { headers } = await app.inject({ url: '/console' });

    expect(headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-resource-policy': 'same-origin',
    });
    const csp = String(headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(headers['cache-control']).toBeUndefined();
    expect(headers['access-control-allow-origin']).toBeUndefined();
  });

  it("sends exactly the headers helmet's own plugin sends with the same options", async () => {
    const reference = Fastify();
    await reference.register(helmet, { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
    reference.get('/console', (_request, reply) => reply.type('text/html').send('<!doctype html>'));
    const app = await appWithSecurityHeaders();

    const [expected, actual] = await Promise.all([
      reference.inject({ url: '/console' }),
      app.inject({ url: '/console' }),
    ]);

    const withoutDate = ({ date: _date, ...headers }: Record<string, unknown>) => headers;
    expect(withoutDate(actual.headers)).toEqual(withoutDate(expected.headers));
    expect(Object.keys(actual.headers).length).toBeGreaterThan(10);
  });

  it('forbids storing any response under /v1/, a refused one too', async () => {
    const app = await appWithSecurityHeaders();
    expect((await app.inject({ url: '/v1/policy' })).headers['cache-control']).toBe('no-store');
    expect((await app.inject({ url: '/v1/unknown' })).headers['cache-control']).toBe('no-store');
  });
});
