import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Environment } from '@app/recipients';
import { CurrentPolicy } from '@app/recipients';
import { PolicyFollowing } from '../core.module';
import { ENVIRONMENT } from '../stores/tokens';

/**
 * Readiness: this process decides under the adopted policy. Unready while following adoptions has failed (its
 * subscription died and is being started again) or an adoption it has not put in force is older than
 * POLICY_FOLLOWER_LAG_READY_BOUND_MS; the answer says which and by how much.
 */
@Injectable()
export class PolicyFollowerHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly following: PolicyFollowing,
    private readonly policy: CurrentPolicy,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  async inStep(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('policyFollower');
    const now = Date.now();
    let progress;
    try {
      progress = await this.following.follower.progress(now);
    } catch (error) {
      return indicator.down({
        message: `The policy adoptions could not be read: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    const boundMs = this.env.POLICY_FOLLOWER_LAG_READY_BOUND_MS;
    const figures = {
      policyVersion: this.policy.get().version,
      position: progress.position.toString(),
      pending: progress.pending,
      lagMs: progress.lagMs,
      boundMs,
    };
    if (progress.failure !== undefined) {
      return indicator.down({
        message:
          `Following policy adoptions has been failing for ${now - progress.failure.since} ms ` +
          `(restarting it): ${progress.failure.message}`,
        ...figures,
      });
    }
    if (progress.lagMs > boundMs) {
      return indicator.down({
        message:
          `An adopted policy is not in force here: recorded ${progress.lagMs} ms ago, past the bound of ${boundMs} ms ` +
          `(${progress.pending} adoption(s) pending)`,
        ...figures,
      });
    }
    return indicator.up(figures);
  }
}
