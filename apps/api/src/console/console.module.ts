import type { OnModuleInit } from '@nestjs/common';
import { Logger, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { builtConsoleRoot } from './console-files';

export const CONSOLE_PATH = '/console';
const INDEX = 'index.html';

/**
 * Serves the web console bundled by `npm run build` under /console: the hashed assets for a year, and index.html
 * (never cached, so a new build is picked up) for every other path below it, where the console's own router takes
 * over. The routes live on Fastify directly, outside the API's controllers and its OpenAPI document.
 */
@Module({})
export class ConsoleModule implements OnModuleInit {
  private readonly logger = new Logger(ConsoleModule.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  // Not awaited: Fastify loads plugins once the server gets ready. Awaiting one here would boot the instance before
  // Nest installs its error handler, and errors such as malformed JSON would no longer become problem details.
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const root = builtConsoleRoot();
    if (root === undefined) {
      this.logger.warn(`The console is not built (npm run build): ${CONSOLE_PATH} answers 404`);
      void fastify.register((scope, _options, done) => {
        scope.get(CONSOLE_PATH, notBuilt);
        scope.get(`${CONSOLE_PATH}/*`, notBuilt);
        done();
      });
      return;
    }
    void fastify.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root,
        prefix: `${CONSOLE_PATH}/`,
        // One route per built file, so the fallback below owns every other path, index.html included.
        wildcard: false,
        index: false,
        globIgnore: [INDEX],
        maxAge: '365d',
        immutable: true,
      });
      const sendIndex = (_request: unknown, reply: FastifyReply) =>
        reply.header('cache-control', 'no-cache').sendFile(INDEX, root, { cacheControl: false });
      scope.get(CONSOLE_PATH, sendIndex);
      scope.get(`${CONSOLE_PATH}/*`, sendIndex);
    });
  }
}

function notBuilt(_request: unknown, reply: FastifyReply): FastifyReply {
  return reply.status(404).type('application/problem+json').send({
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'The web console is not built: run npm run build',
  });
}
