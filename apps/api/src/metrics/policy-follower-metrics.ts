import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { PolicyFollowerProgress } from '@app/recipients';
import { PolicyFollowing } from '../core.module';
import { MetricsRegistry } from './metrics-registry';

/**
 * Where this process's policy follower stands against the adoptions in the log, measured at each scrape (it reads
 * the adoptions stream, a few events): its position, the adoptions not yet in force and the age of the oldest, and
 * whether following has failed.
 */
@Injectable()
export class PolicyFollowerMetrics {
  constructor(metrics: MetricsRegistry, following: PolicyFollowing) {
    const registers = [metrics.registry];
    const gauge = (name: string, help: string, read: (progress: PolicyFollowerProgress) => number): Gauge =>
      new Gauge({
        name,
        help,
        registers,
        // The event store out of reach: no figure rather than a stale one (readiness names the store).
        async collect() {
          const progress = await following.follower.progress().catch(() => undefined);
          if (progress === undefined) {
            this.reset();
          } else {
            this.set(read(progress));
          }
        },
      });
    gauge(
      'recipient_policy_follower_position',
      'Global log position through which this process has followed policy adoptions',
      (progress) => Number(progress.position),
    );
    gauge(
      'recipient_policy_follower_pending_adoptions',
      'Policy adoptions recorded past that position: not in force on this process yet',
      (progress) => progress.pending,
    );
    gauge(
      'recipient_policy_follower_oldest_pending_seconds',
      'Age of the oldest policy adoption not in force on this process (0 when none is pending)',
      (progress) => progress.lagMs / 1000,
    );
    gauge(
      'recipient_policy_follower_failing',
      '1 while following policy adoptions has failed and is being restarted, else 0',
      (progress) => (progress.failure === undefined ? 0 : 1),
    );
  }
}
