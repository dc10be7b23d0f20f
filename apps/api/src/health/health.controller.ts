import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ProjectionHealthIndicator } from './projection.health';
import { StoresHealthIndicator } from './stores.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly stores: StoresHealthIndicator,
    private readonly projection: ProjectionHealthIndicator,
  ) {}

  /** Readiness: 200 while both stores answer and the projection has set no event aside, 503 otherwise. */
  @Get()
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.stores.eventStoreReady(),
      () => this.stores.readModelReady(),
      () => this.projection.noDeadLetters(),
    ]);
  }

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
