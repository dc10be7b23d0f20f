import { Injectable } from '@nestjs/common';
import type { IntakeOutcome, WebhookVerification } from '@app/intake';
import { Counter } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics-registry';

export type WebhookProvider = 'ses' | 'sendgrid' | 'mailgun' | 'postmark';

const UNKNOWN_TYPE = 'unknown_type:';

@Injectable()
export class WebhookMetrics {
  private readonly verifications: Counter<'provider' | 'outcome'>;
  private readonly unknownTypes: Counter<'provider'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.verifications = new Counter({
      name: 'webhook_verifications_total',
      help: 'Webhook requests by provider and verification outcome (verified, or the reason it was refused)',
      labelNames: ['provider', 'outcome'],
      registers,
    });
    // By provider only: the type names come from the payload, and a label per name would grow without bound.
    this.unknownTypes = new Counter({
      name: 'webhook_unknown_event_types_total',
      help: 'Verified webhook events of a type this service does not know, accepted and not recorded',
      labelNames: ['provider'],
      registers,
    });
  }

  verification(provider: WebhookProvider, verification: WebhookVerification): void {
    this.verifications.inc({ provider, outcome: verification.ok ? 'verified' : verification.reason });
  }

  /** Counts the unknown types among the outcomes and answers their names, for the log. */
  unknownEventTypes(provider: WebhookProvider, outcomes: readonly IntakeOutcome[]): string[] {
    const names = outcomes.flatMap((outcome) =>
      outcome.kind === 'ignored' && outcome.reason.startsWith(UNKNOWN_TYPE)
        ? [outcome.reason.slice(UNKNOWN_TYPE.length)]
        : [],
    );
    if (names.length > 0) {
      this.unknownTypes.inc({ provider }, names.length);
    }
    return names;
  }
}
