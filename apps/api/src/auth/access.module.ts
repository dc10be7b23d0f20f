import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessTokens } from '@app/access';
import type { EventStore } from '@app/event-store';
import { Clock } from '@app/recipients';
import { EVENT_STORE } from '../stores/tokens';
import { AccessGuard } from './access.guard';
import { AccessLifecycle } from './access-lifecycle';
import { RateLimiter } from './rate-limiter';
import { RequestAdmission } from './request-admission';
import { TokensController } from './tokens.controller';

/** API tokens: the guard every route passes, the token routes, the first start's token and the rate limits. */
@Module({
  controllers: [TokensController],
  providers: [
    {
      provide: AccessTokens,
      inject: [EVENT_STORE, Clock],
      useFactory: (store: EventStore, clock: Clock) => new AccessTokens({ store, now: () => clock.now() }),
    },
    AccessLifecycle,
    RateLimiter,
    RequestAdmission,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [RequestAdmission],
})
export class AccessModule {}
