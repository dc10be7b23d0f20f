import type { Environment } from '@app/recipients';
import type { FastifyInstance } from 'fastify';
import { isLoopbackHost } from '../auth/loopback-host';
import type { ProblemDetails } from './problem-details';

/** What a service bound to loopback answers to when ALLOWED_HOSTS is unset. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** `Example.COM.` and `example.com` name the same host. */
function normalised(hostName: string): string {
  return hostName.trim().toLowerCase().replace(/\.$/, '');
}

/** How HOST is written in a `Host` header: an IPv6 address in brackets. */
function asHostHeaderName(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The host names a request may name in `Host`, or undefined for no check: ALLOWED_HOSTS when set, else the loopback
 * names (and HOST) while the service is bound to loopback. A service bound elsewhere without ALLOWED_HOSTS is
 * reached through names only its deployment knows (a proxy in front of it checks them).
 */
export function allowedHosts(env: Pick<Environment, 'HOST' | 'ALLOWED_HOSTS'>): ReadonlySet<string> | undefined {
  if (env.ALLOWED_HOSTS !== undefined) {
    return new Set(env.ALLOWED_HOSTS.split(',').map(normalised));
  }
  return isLoopbackHost(env.HOST)
    ? new Set([...LOOPBACK_NAMES, asHostHeaderName(env.HOST)].map(normalised))
    : undefined;
}

/**
 * Refuses, before routing reaches guards or handlers, a request whose `Host` names none of the allowed hosts (any
 * port): a page on another site that rebinds its DNS name to 127.0.0.1 names its own host, not ours.
 */
export function checkHosts(fastify: FastifyInstance, env: Pick<Environment, 'HOST' | 'ALLOWED_HOSTS'>): void {
  const allowed = allowedHosts(env);
  if (allowed === undefined) {
    return;
  }
  fastify.addHook('onRequest', (request, reply, done) => {
    if (allowed.has(normalised(request.hostname))) {
      done();
      return;
    }
    const problem: ProblemDetails = {
      type: 'about:blank',
      title: 'Misdirected Request',
      status: 421,
      detail: 'Host: this service does not answer to the host named in the request.',
      errors: [{ field: 'Host', message: 'not one of the allowed hosts (ALLOWED_HOSTS)' }],
    };
    void reply.status(421).header('content-type', 'application/problem+json').send(problem);
  });
}
