import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './auth/access.module';
import type { CoreOptions } from './core.module';
import { AllowlistModule } from './allowlist/allowlist.module';
import { ComplaintsModule } from './complaints/complaints.module';
import { ErasureModule } from './erasure/erasure.module';
import { ConsoleModule } from './console/console.module';
import { CoreModule } from './core.module';
import { EventsModule } from './events.module';
import { HealthModule } from './health/health.module';
import { InboundMailModule } from './inbound-mail/inbound-mail.module';
import { loggerParams } from './http/request-logging';
import { MetricsModule } from './metrics/metrics.module';
import { PolicyModule } from './policy/policy.module';
import { RecipientsModule } from './recipients/recipients.module';
import { RestorationsModule } from './restorations/restorations.module';
import { SuppressionsModule } from './suppressions/suppressions.module';
import { UnsubscribesModule } from './unsubscribes/unsubscribes.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(options.env.LOG_LEVEL)),
        CqrsModule.forRoot(),
        CoreModule.forRoot(options),
        AccessModule,
        AllowlistModule,
        ErasureModule,
        EventsModule,
        ComplaintsModule,
        UnsubscribesModule,
        WebhooksModule,
        InboundMailModule,
        SuppressionsModule,
        RecipientsModule,
        RestorationsModule,
        PolicyModule,
        HealthModule,
        MetricsModule,
        ConsoleModule,
      ],
    };
  }
}
