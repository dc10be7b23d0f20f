import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { RecordBounceRequest } from './bounces/record-bounce.request';
import { RecordComplaintRequest } from './complaints/record-complaint.request';
import { RecordCorrectionRequest } from './corrections/record-correction.request';
import { RecordDeliveryRequest } from './deliveries/record-delivery.request';
import { RecordUnsubscribeRequest } from './unsubscribes/record-unsubscribe.request';
import type { CoreOptions } from './core.module';
import { boundBodies } from './http/body-bounds';
import { checkHosts } from './http/host-check';
import { ProblemDetailsFilter, sendFrameworkError } from './http/problem-details.filter';
import { logRequests, requestId } from './http/request-logging';
import { addSecurityHeaders } from './http/security-headers';
import { BODY_SCHEMA_AJV, checkBodiesBySchema } from './http/schema-checked-bodies';
import { createValidationPipe } from './http/validation';
import { serveOpenApiDocument } from './openapi/openapi-document';
import { keepSendGridRawBodies } from './webhooks/webhook-bodies';

/**
 * Fastify's default (100) turns away valid addresses in paths: an address may be 254 characters, and more once
 * percent-encoded. Longer parameters are refused by the router as a 414 problem.
 */
const MAX_PATH_PARAM_LENGTH = 1024;

/** The recipient commands' bodies, whose compiled checks the batch's spec holds to class-validator's. */
const COMPILED_BODIES = [
  RecordBounceRequest,
  RecordDeliveryRequest,
  RecordComplaintRequest,
  RecordUnsubscribeRequest,
  RecordCorrectionRequest,
];

/** Builds the HTTP service (not yet listening): used by `main.ts`, the CLI's `serve` and the end-to-end tests. */
export async function createApp(options: CoreOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.env.BODY_LIMIT_BYTES,
    trustProxy: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: sendFrameworkError,
    genReqId: requestId,
    ajv: BODY_SCHEMA_AJV,
  });
  // JSON only, through Fastify's own parser: a form (Nest's parser) or text/plain body would reach validation as
  // something else and be misreported as missing fields instead of refused as the wrong media type.
  adapter.getInstance().removeContentTypeParser('text/plain');
  logRequests(adapter.getInstance());
  checkHosts(adapter.getInstance(), options.env);
  addSecurityHeaders(adapter.getInstance());
  checkBodiesBySchema(adapter.getInstance());
  boundBodies(adapter.getInstance());
  keepSendGridRawBodies(adapter.getInstance(), options.env.BODY_LIMIT_BYTES);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe(COMPILED_BODIES));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  serveOpenApiDocument(app);
  return app;
}
