import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Environment } from '@app/recipients';
import type { FastifyInstance } from 'fastify';
import { ENVIRONMENT } from '../stores/tokens';
import { unsupportedMediaType } from '../webhooks/webhook-bodies';

export const INBOUND_MAIL_ROUTE = '/v1/inbound/mail';
export const MAIL_MEDIA_TYPE = 'message/rfc822';

/**
 * `message/rfc822` bodies, as bytes, for the inbound mail route only, capped at INBOUND_MAIL_LIMIT_BYTES: a mail is
 * parsed in full before it is read, at about 2.5 s per MB of text, so the cap bounds the work one request can ask.
 */
@Injectable()
export class MailBody implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(
      MAIL_MEDIA_TYPE,
      { parseAs: 'buffer', bodyLimit: this.env.INBOUND_MAIL_LIMIT_BYTES },
      (request, body, done) => {
        if (request.routeOptions.url === INBOUND_MAIL_ROUTE) {
          done(null, body);
        } else {
          done(unsupportedMediaType(MAIL_MEDIA_TYPE), undefined);
        }
      },
    );
  }
}
