import { Injectable } from '@nestjs/common';
import type { Decision } from '@app/domain';
import type { CommandObserver } from '@app/recipients';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

@Injectable()
export class CommandMetrics implements CommandObserver {
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly decisions: Counter<'decision' | 'cause'>;
  private readonly latency: Histogram<'type'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.commands = new Counter({
      name: 'recipient_commands_total',
      help: 'Commands handled, by type and outcome',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.decisions = new Counter({
      name: 'recipient_decisions_total',
      help: 'Decisions recorded, by decision event and suppression cause',
      labelNames: ['decision', 'cause'],
      registers,
    });
    this.latency = new Histogram({
      name: 'recipient_command_duration_seconds',
      help: 'Time from command to durable answer',
      labelNames: ['type'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  startTimer(type: string): () => void {
    return this.latency.startTimer({ type });
  }

  recordOutcome(type: string, decision: Decision): void {
    this.commands.inc({
      type,
      outcome: decision.outcome === 'rejected' ? `rejected_${decision.code}` : decision.outcome,
    });
    if (decision.outcome === 'recorded') {
      for (const event of decision.decisions) {
        const cause = event.type === 'RecipientSuppressed' ? event.data.cause : '';
        this.decisions.inc({ decision: event.type, cause });
      }
    }
  }

  recordFailure(type: string): void {
    this.commands.inc({ type, outcome: 'failed' });
  }
}
