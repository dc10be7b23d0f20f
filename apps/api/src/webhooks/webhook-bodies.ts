import { Readable } from 'node:stream';
import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Environment } from '@app/recipients';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ENVIRONMENT } from '../stores/tokens';

export const SES_ROUTE = '/v1/webhooks/ses';
export const SENDGRID_ROUTE = '/v1/webhooks/sendgrid';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = FastifyRequest & { [RAW_BODY]?: Buffer };

/** The exact bytes of a request whose route keeps them (SendGrid's); empty when there was no body. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return (request as WithRawBody)[RAW_BODY] ?? Buffer.alloc(0);
}

/**
 * What the webhooks need of the body parser, for their routes only: SNS posts JSON as `text/plain` (every other route
 * still answers 415 for it), and SendGrid signs the raw bytes, which JSON parsing would lose.
 */
@Injectable()
export class WebhookBodies implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (request, body, done) => {
      if (request.routeOptions.url === SES_ROUTE) {
        done(null, body);
      } else {
        done(unsupportedMediaType('text/plain'), undefined);
      }
    });
    const limit = this.env.BODY_LIMIT_BYTES;
    // A callback hook, not an async one: every other route passes through it at once, without a promise to wait on.
    fastify.addHook('preParsing', (request, _reply, payload, done) => {
      if (request.routeOptions.url !== SENDGRID_ROUTE) {
        done(null, payload);
        return;
      }
      readUpTo(payload, limit).then(
        (raw) => {
          (request as WithRawBody)[RAW_BODY] = raw;
          done(null, Readable.from([raw]));
        },
        (error: Error) => done(error),
      );
    });
  }
}

/** Fastify's own error shape, so the problem-details filter reports it like any other refused media type. */
export function unsupportedMediaType(mediaType: string): Error {
  return Object.assign(new Error(`Unsupported Media Type: ${mediaType}`), {
    statusCode: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  });
}

async function readUpTo(stream: AsyncIterable<Buffer | string>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) {
      throw Object.assign(new Error('Request body is too large'), {
        statusCode: 413,
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      });
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}
