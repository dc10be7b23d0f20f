import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per app instance, so tests that start several apps do not share counters. */
export class MetricsRegistry {
  readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
