import type { AccessTokens } from '@app/access';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

const SCOPE = 'metrics';

/**
 * The OpenAPI document and Swagger UI are served by Fastify outside Nest's controllers, so the guard never sees
 * them; off loopback this check asks for a token holding the `metrics` scope, as /metrics does.
 */
export class DocsAccess {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly prefix: string,
  ) {}

  /** An `onRequest` hook with a callback: a request off the docs' paths goes on at once, with no promise to wait on. */
  readonly hook: onRequestHookHandler = (request, reply, done) => {
    if (!this.covers(request.url)) {
      done();
      return;
    }
    this.check(request, reply).then((refused) => {
      if (!refused) {
        done();
      }
    }, done);
  };

  private covers(url: string): boolean {
    const path = url.split('?')[0] ?? '';
    return path === this.prefix || path.startsWith(`${this.prefix}/`) || path.startsWith(`${this.prefix}-`);
  }

  /** Whether the request was refused (and answered). */
  private async check(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const match = /^Bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const authentication = match === null ? undefined : await this.tokens.authenticate(match[1] as string);
    if (authentication === undefined || !authentication.ok) {
      await refuse(reply, 401, 'Send Authorization: Bearer <token> holding the metrics scope');
      return true;
    }
    if (!authentication.token.scopes.includes(SCOPE)) {
      await refuse(reply, 403, `The token ${authentication.token.name} does not hold the ${SCOPE} scope`);
      return true;
    }
    return false;
  }
}

async function refuse(reply: FastifyReply, status: 401 | 403, detail: string): Promise<void> {
  const title = status === 401 ? 'Unauthorized' : 'Forbidden';
  if (status === 401) {
    void reply.header('www-authenticate', 'Bearer realm="recipient-state"');
  }
  await reply.status(status).type('application/problem+json').send({ type: 'about:blank', title, status, detail });
}
