import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { PolicyFollowerHealthIndicator } from './policy-follower.health';
import { ProjectionHealthIndicator } from './projection.health';
import { ProjectorHealthIndicator } from './projector.health';
import { StoresHealthIndicator } from './stores.health';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [
    StoresHealthIndicator,
    ProjectionHealthIndicator,
    ProjectorHealthIndicator,
    PolicyFollowerHealthIndicator,
  ],
})
export class HealthModule {}
