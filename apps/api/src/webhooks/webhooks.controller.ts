import { applyDecorators, Body, Controller, HttpCode, Logger, Post, Req, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IntakeOutcome, SnsEnvelopeReading, WebhookVerification } from '@app/intake';
import { mapMailgunEvent, mapPostmarkEvent, mapSendgridEvents, mapSesNotification } from '@app/intake';
import type { FastifyRequest } from 'fastify';
import { ApiJson, ApiProblems, BODY_PROBLEMS } from '../openapi/api-responses';
import type { IntakeResults } from './intake-item-result';
import { IntakeRecorder } from './intake-recorder';
import { SubscriptionConfirmation } from './subscription-confirmation';
import { rawBodyOf } from './webhook-bodies';
import type { WebhookProvider } from './webhook-metrics';
import { WebhookMetrics } from './webhook-metrics';
import { webhookNotConfigured, webhookRefusal } from './webhook-refusal';
import { WebhookVerifiers } from './webhook-verifiers';
import { Public } from '../auth/scope.decorators';
import { RequestTraceInterceptor } from '../http/request-trace';

const PROVIDER_NAMES: Readonly<Record<WebhookProvider, string>> = {
  ses: 'Amazon SES',
  sendgrid: 'SendGrid',
  mailgun: 'Mailgun',
  postmark: 'Postmark',
};

/**
 * Provider event webhooks. Each request is verified before its content is read; a refused one changes nothing. A
 * verified payload answers 200 with one result per item, whatever the items hold: a provider retries anything else,
 * and an unreadable item would only fail again.
 */
/** Every webhook answers one result per item once verified; a refused request records nothing. */
const WebhookResponses = () =>
  applyDecorators(
    ApiJson(200, 'IntakeResults', 'Verified: one result per item, whatever the items hold'),
    ApiProblems([...BODY_PROBLEMS, 401, 403, 404], {
      404: 'This provider is not configured on this service',
      503: 'A store is unavailable, or the SNS signing certificate could not be fetched; nothing was recorded',
    }),
  );
const PROVIDER_PAYLOAD = { type: 'object', additionalProperties: true } as const;

@ApiTags('webhooks')
@Public()
@UseInterceptors(RequestTraceInterceptor)
@Controller('v1/webhooks')
export class WebhooksController {
  private readonly logger = new Logger('webhooks');

  constructor(
    private readonly verifiers: WebhookVerifiers,
    private readonly recorder: IntakeRecorder,
    private readonly metrics: WebhookMetrics,
    private readonly subscriptions: SubscriptionConfirmation,
  ) {}

  @Post('ses')
  @HttpCode(200)
  @ApiConsumes('text/plain', 'application/json')
  @ApiOperation({
    operationId: 'receiveSesNotification',
    summary: 'Amazon SES notifications through SNS (signature checked against the SNS certificate)',
  })
  @ApiBody({ description: 'The SNS message; SNS posts its JSON as text/plain', schema: {} })
  @WebhookResponses()
  async ses(@Body() body: unknown): Promise<IntakeResults> {
    const verifier = this.verifiers.ses ?? this.notConfigured('ses', 'SES_WEBHOOK_TOPIC_ARNS');
    const reading = await verifier.verify(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
    this.accept('ses', reading);
    if (reading.envelope.type !== 'Notification') {
      await this.subscriptions.handle(reading.envelope);
    }
    return this.record('ses', mapSesNotification(reading.envelope));
  }

  @Post('sendgrid')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveSendgridEvents',
    summary: 'SendGrid Event Webhook batches (ECDSA signature over the raw body)',
  })
  @ApiBody({ description: 'SendGrid events', schema: { type: 'array', items: PROVIDER_PAYLOAD } })
  @WebhookResponses()
  async sendgrid(@Req() request: FastifyRequest, @Body() body: unknown): Promise<IntakeResults> {
    const verifier = this.verifiers.sendgrid ?? this.notConfigured('sendgrid', 'SENDGRID_WEBHOOK_PUBLIC_KEY');
    this.accept('sendgrid', verifier.verify(request.headers, rawBodyOf(request)));
    return this.record('sendgrid', mapSendgridEvents(body));
  }

  @Post('mailgun')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveMailgunEvent',
    summary: 'Mailgun webhooks (HMAC signature; each token is accepted once)',
  })
  @ApiBody({ description: 'A Mailgun webhook: signature and event-data', schema: PROVIDER_PAYLOAD })
  @WebhookResponses()
  async mailgun(@Body() body: unknown): Promise<IntakeResults> {
    const verifier = this.verifiers.mailgun ?? this.notConfigured('mailgun', 'MAILGUN_WEBHOOK_SIGNING_KEY');
    this.accept('mailgun', verifier.verify(body));
    return this.record('mailgun', mapMailgunEvent(body));
  }

  @Post('postmark')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receivePostmarkEvent',
    summary: 'Postmark webhooks (Basic credentials and/or a secret header)',
  })
  @ApiBody({ description: 'A Postmark webhook event', schema: PROVIDER_PAYLOAD })
  @WebhookResponses()
  async postmark(@Req() request: FastifyRequest, @Body() body: unknown): Promise<IntakeResults> {
    const verifier =
      this.verifiers.postmark ??
      this.notConfigured('postmark', 'POSTMARK_WEBHOOK_USERNAME/PASSWORD or POSTMARK_WEBHOOK_SECRET_HEADER/SECRET');
    this.accept('postmark', verifier.verify(request.headers));
    return this.record('postmark', mapPostmarkEvent(body));
  }

  /** Counts the verification and throws the refusal when there is one. */
  private accept<T extends WebhookVerification | SnsEnvelopeReading>(
    provider: WebhookProvider,
    verification: T,
  ): asserts verification is Extract<T, { ok: true }> {
    this.metrics.verification(provider, verification);
    if (!verification.ok) {
      this.logger.warn(`${PROVIDER_NAMES[provider]} webhook refused: ${verification.reason}`);
      throw webhookRefusal(PROVIDER_NAMES[provider], verification);
    }
  }

  private notConfigured(provider: WebhookProvider, setting: string): never {
    throw webhookNotConfigured(PROVIDER_NAMES[provider], setting);
  }

  private async record(provider: WebhookProvider, outcomes: IntakeOutcome[]): Promise<IntakeResults> {
    const unknown = this.metrics.unknownEventTypes(provider, outcomes);
    if (unknown.length > 0) {
      this.logger.log(`${PROVIDER_NAMES[provider]} sent event types this service does not know: ${unknown.join(', ')}`);
    }
    return { results: await this.recorder.record(outcomes) };
  }
}
