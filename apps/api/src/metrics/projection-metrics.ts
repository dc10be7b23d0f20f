import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry';

/** How far the read model trails the event log, when a projector follows it, and what it had to set aside. */
@Injectable()
export class ProjectionMetrics {
  readonly lagSeconds: Histogram;
  readonly checkpoint: Gauge;
  readonly deadLetters: Counter;
  readonly logHead: Gauge;
  readonly backlog: Gauge;
  readonly oldestPendingSeconds: Gauge;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.lagSeconds = new Histogram({
      name: 'recipient_projection_lag_seconds',
      help: 'Time from an event being recorded to its projection being committed',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
      registers,
    });
    this.checkpoint = new Gauge({
      name: 'recipient_projection_checkpoint',
      help: 'Global log position the read model has committed',
      registers,
    });
    this.logHead = new Gauge({
      name: 'recipient_projection_log_head',
      help: 'Global position of the last event in the log, as the projector last measured it',
      registers,
    });
    this.backlog = new Gauge({
      name: 'recipient_projection_backlog',
      help: 'Log positions between the read model checkpoint and the log head',
      registers,
    });
    this.oldestPendingSeconds = new Gauge({
      name: 'recipient_projection_oldest_pending_seconds',
      help: 'Age of the oldest event the read model has not applied yet (0 when it is current)',
      registers,
    });
    this.deadLetters = new Counter({
      name: 'projection_dead_letters_total',
      help: 'Events the projection could not apply and set aside as dead letters, so it moved on past them',
      registers,
    });
  }
}
