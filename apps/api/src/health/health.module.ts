import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ProjectionHealthIndicator } from './projection.health';
import { ProjectorHealthIndicator } from './projector.health';
import { StoresHealthIndicator } from './stores.health';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [StoresHealthIndicator, ProjectionHealthIndicator, ProjectorHealthIndicator],
})
export class HealthModule {}
