import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { PolicyFollowerMetrics } from './policy-follower-metrics';

@Module({ controllers: [MetricsController], providers: [PolicyFollowerMetrics] })
export class MetricsModule {}
