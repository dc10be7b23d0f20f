import { Injectable, Logger } from '@nestjs/common';
import type { SnsEnvelope } from '@app/intake';
import { fetchBounded } from './bounded-fetch';
import { WebhookVerifiers } from './webhook-verifiers';

/**
 * A verified SNS SubscriptionConfirmation: confirmed by GETting its SubscribeURL (which the verifier has checked points
 * at SNS) when SES_WEBHOOK_AUTO_CONFIRM=true, else logged with the URL for an operator to open. An
 * UnsubscribeConfirmation only informs.
 */
@Injectable()
export class SubscriptionConfirmation {
  private readonly logger = new Logger('webhooks.ses');

  constructor(private readonly verifiers: WebhookVerifiers) {}

  async handle(envelope: SnsEnvelope): Promise<'confirmed' | 'logged'> {
    const url = envelope.subscribeUrl ?? '';
    if (envelope.type === 'UnsubscribeConfirmation') {
      this.logger.warn(`SNS unsubscribed this endpoint from ${envelope.topicArn}; to subscribe again open ${url}`);
      return 'logged';
    }
    if (!this.verifiers.autoConfirmSubscriptions) {
      this.logger.warn(`SNS subscription to ${envelope.topicArn} awaits confirmation: open ${url}`);
      return 'logged';
    }
    try {
      await fetchBounded(url, this.verifiers.fetchLimits);
    } catch (error) {
      // SNS sends the confirmation again later; the operator can also open the URL.
      this.logger.error(
        `Confirming the SNS subscription to ${envelope.topicArn} failed (${String(error)}): open ${url}`,
      );
      return 'logged';
    }
    this.logger.log(`Confirmed the SNS subscription to ${envelope.topicArn}`);
    return 'confirmed';
  }
}
