import { Readable } from 'node:stream';
import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest, preParsingHookHandler } from 'fastify';

export const SES_ROUTE = '/v1/webhooks/ses';
export const SENDGRID_ROUTE = '/v1/webhooks/sendgrid';

const RAW_BODY = Symbol('rawBody');
type WithRawBody = FastifyRequest & { [RAW_BODY]?: Buffer };

/** The exact bytes of a request whose route keeps them (SendGrid's); empty when there was no body. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  return (request as WithRawBody)[RAW_BODY] ?? Buffer.alloc(0);
}

/**
 * SendGrid signs the raw bytes, which JSON parsing would lose: its route alone reads them first. The hook is the
 * route's own (added as Fastify registers it, so this must run before the routes are), not a global one that every
 * other request would pass through. Bodies past `limit` are refused as Fastify's parser refuses them.
 */
export function keepSendGridRawBodies(fastify: FastifyInstance, limit: number): void {
  const keepRawBody: preParsingHookHandler = (request, _reply, payload, done) => {
    readUpTo(payload, limit).then(
      (raw) => {
        (request as WithRawBody)[RAW_BODY] = raw;
        done(null, Readable.from([raw]));
      },
      (error: Error) => done(error),
    );
  };
  fastify.addHook('onRoute', (route) => {
    if (route.url === SENDGRID_ROUTE) {
      route.preParsing = [route.preParsing ?? []].flat().concat(keepRawBody);
    }
  });
}

/** SNS posts JSON as `text/plain`: its route alone reads such bodies; every other route still answers 415 for them. */
@Injectable()
export class WebhookBodies implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (request, body, done) => {
      if (request.routeOptions.url === SES_ROUTE) {
        done(null, body);
      } else {
        done(unsupportedMediaType('text/plain'), undefined);
      }
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
