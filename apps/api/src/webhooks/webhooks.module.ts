import { Module } from '@nestjs/common';
import { IntakeRecorder } from './intake-recorder';
import { SubscriptionConfirmation } from './subscription-confirmation';
import { WebhookBodies } from './webhook-bodies';
import { WebhookMetrics } from './webhook-metrics';
import { WebhookVerifiers } from './webhook-verifiers';
import { WebhooksController } from './webhooks.controller';

/** Provider event webhooks, and the recorder raw bounce mail shares with them. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhookBodies, WebhookVerifiers, WebhookMetrics, SubscriptionConfirmation, IntakeRecorder],
  exports: [IntakeRecorder],
})
export class WebhooksModule {}
