import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { Environment, Stores } from '@app/recipients';
import { STORES } from '../core.module';
import { ENVIRONMENT } from '../stores/tokens';

/** Progress is measured twice a second; reports this much older than the bound mean the projector stopped. */
const SILENCE_MARGIN_MS = 2_000;

/**
 * Readiness: the projector that keeps the read model (on this process or on the one holding the lease) is working
 * and the read model trails the log by no more than PROJECTION_LAG_READY_BOUND_MS, measured as the age of the oldest
 * event it has not applied. The answer says which of these failed and by how much. Embedded mode has no projector:
 * the read model changes inside the append's transaction.
 */
@Injectable()
export class ProjectorHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(ENVIRONMENT) private readonly env: Environment,
  ) {}

  keepingUp(): HealthIndicatorResult {
    const indicator = this.indicators.check('projector');
    const status = this.stores.projection?.snapshot();
    if (status === undefined) {
      return indicator.up({ mode: 'inline' });
    }
    const now = Date.now();
    if (status.failure !== undefined) {
      return indicator.down({
        message: `The projector has been failing for ${now - status.failure.since} ms: ${status.failure.message}`,
        role: status.role,
      });
    }
    const { progress } = status;
    const boundMs = this.env.PROJECTION_LAG_READY_BOUND_MS;
    if (progress === undefined || now - progress.measuredAt > boundMs + SILENCE_MARGIN_MS) {
      const silence = progress === undefined ? 'never' : `not for ${now - progress.measuredAt} ms`;
      return indicator.down({ message: `The projector has reported its progress ${silence}`, role: status.role });
    }
    const figures = {
      role: progress.role,
      lagMs: progress.lagMs,
      boundMs,
      backlog: progress.backlog,
      position: progress.position.toString(),
      head: progress.head?.toString(),
    };
    if (progress.lagMs > boundMs) {
      return indicator.down({
        message:
          `The read model trails the log by ${progress.lagMs} ms, past the bound of ${boundMs} ms ` +
          `(${progress.backlog ?? 'unknown'} positions behind)`,
        ...figures,
      });
    }
    return indicator.up(figures);
  }
}
