import helmet from '@fastify/helmet';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';

/** Every response under it carries addresses or tokens. */
const API_PREFIX = '/v1/';

/**
 * Helmet's default Content-Security-Policy (scripts from the service only) minus `upgrade-insecure-requests`: the
 * service speaks plain HTTP on loopback, where TLS is a proxy's job, and a browser told to upgrade would ask for the
 * console's files over HTTPS that nothing serves.
 */
const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
};

/**
 * The headers helmet sets on a response, read off one response of a throwaway instance. They depend on the options
 * only, while the plugin builds helmet's middleware anew for every request: reading them once keeps helmet the one
 * source of the header set at none of that cost.
 */
export async function helmetHeaders(options: FastifyHelmetOptions = HELMET_OPTIONS): Promise<Record<string, string>> {
  const probe = Fastify();
  try {
    await probe.register(helmet, options);
    let headers: Record<string, string> = {};
    probe.get('/', (_request, reply) => {
      // Helmet writes onto the raw response in its onRequest hook: what is there by the handler is its alone.
      headers = Object.fromEntries(
        Object.entries(reply.raw.getHeaders()).map(([name, value]) => [name, String(value)]),
      );
      return reply.send('');
    });
    await probe.inject({ url: '/' });
    if (Object.keys(headers).length === 0) {
      throw new Error('helmet set no headers on a probe response');
    }
    return headers;
  } finally {
    await probe.close();
  }
}

/**
 * Helmet's headers on every response that gets past the Host check, with the Content-Security-Policy above: the
 * console (a built bundle with no inline script) and Swagger UI (its scripts are files; its inline styles are allowed
 * by the default) run under it. The set is read once when the server gets ready and sent by one hook. Responses under
 * `/v1/` are never stored by a browser or a shared cache: they carry addresses or tokens. No CORS headers are sent.
 */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  let headers: Record<string, string> | undefined;
  fastify.addHook('onReady', async () => {
    headers = await helmetHeaders();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (headers === undefined) {
      done(new Error('A request arrived before the security headers were read'));
      return;
    }
    void reply.headers(headers);
    if (request.url.startsWith(API_PREFIX)) {
      void reply.header('cache-control', 'no-store');
    }
    done();
  });
}
