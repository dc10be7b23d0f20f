import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { ApiJson, ApiProblems } from '../openapi/api-responses';
import { ProjectionHealthIndicator } from './projection.health';
import { ProjectorHealthIndicator } from './projector.health';
import { PolicyFollowerHealthIndicator } from './policy-follower.health';
import { StoresHealthIndicator } from './stores.health';
import { Public } from '../auth/scope.decorators';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly stores: StoresHealthIndicator,
    private readonly projection: ProjectionHealthIndicator,
    private readonly projector: ProjectorHealthIndicator,
    private readonly policyFollower: PolicyFollowerHealthIndicator,
  ) {}

  /**
   * Readiness: 200 while both stores answer, the projection has set no event aside, its projector works and keeps
   * within PROJECTION_LAG_READY_BOUND_MS of the log, and the policy follower works and has put in force every
   * adoption older than POLICY_FOLLOWER_LAG_READY_BOUND_MS; 503 otherwise, naming which.
   */
  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: both stores answer, no event set aside, the projector and the policy follower keep up',
  })
  @ApiJson(200, 'Readiness', 'Ready')
  @ApiProblems([503], {
    503: 'Not ready: `checks` names the store, projection, projector or policy follower at fault',
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.stores.eventStoreReady(),
      () => this.stores.readModelReady(),
      () => this.projection.noDeadLetters(),
      () => this.projector.keepingUp(),
      () => this.policyFollower.inStep(),
    ]);
  }

  /** Liveness: the process answers. */
  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'Liveness: the process answers' })
  @ApiJson(200, 'Liveness', 'Alive')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
