import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** Every response under it carries addresses or tokens. */
const API_PREFIX = '/v1/';

/**
 * Helmet's headers on every response, with its default Content-Security-Policy: the console (a built bundle with no
 * inline script) and Swagger UI (its scripts are files; its inline styles are allowed by the default) run under it.
 * `upgrade-insecure-requests` is left out: the service speaks plain HTTP on loopback, where TLS is a proxy's job, and
 * a browser told to upgrade would ask for the console's files over HTTPS that nothing serves. Responses under
 * `/v1/` are never stored by a browser or a shared cache: they carry addresses or tokens. No CORS headers are sent.
 */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  // Not awaited: Fastify loads plugins once the server gets ready; awaiting here would boot it before Nest's routes.
  void fastify.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith(API_PREFIX)) {
      void reply.header('cache-control', 'no-store');
    }
    done();
  });
}
