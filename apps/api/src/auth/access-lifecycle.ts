import type { OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyRateLimit from '@fastify/rate-limit';
import { AccessTokens } from '@app/access';
import type { Environment } from '@app/recipients';
import type { FastifyInstance } from 'fastify';
import { DOCS_PATH } from '../openapi/openapi-document';
import { ENVIRONMENT } from '../stores/tokens';
import { DocsAccess } from './docs-access';
import { isLoopbackHost } from './loopback-host';

/**
 * Loads and follows the token stream before the service listens, issues the first start's token, and installs
 * what the access guard needs from Fastify (the rate-limit plugin; the check on /docs, which Nest does not route).
 */
@Injectable()
export class AccessLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  // Not awaited: Fastify loads plugins once the server gets ready (see ConsoleModule).
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(fastifyRateLimit, { global: false });
    if (!isLoopbackHost(this.env.HOST)) {
      fastify.addHook('onRequest', new DocsAccess(this.tokens, `/${DOCS_PATH}`).hook);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.tokens.follow();
    const { generated } = await this.tokens.bootstrap(this.env.BOOTSTRAP_TOKEN);
    if (generated !== undefined) {
      // Printed once, on the first start: only the hash is kept, so it cannot be shown again.
      process.stderr.write(
        `Recipient State issued its first token, holding every scope. It is shown this once:\n\n  ${generated}\n\n` +
          'Send it as "Authorization: Bearer <token>"; issue narrower ones with recipient-state tokens create.\n',
      );
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.tokens.close();
  }
}
