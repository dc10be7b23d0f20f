import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Module } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { AllowlistRegistry, Clock } from '@app/recipients';
import { EVENT_STORE } from '../stores/tokens';
import { AllowlistController } from './allowlist.controller';

/** Global: the suppression queries read the allowlist through `RecipientOverlay`. */
@Global()
@Module({
  controllers: [AllowlistController],
  providers: [
    {
      provide: AllowlistRegistry,
      inject: [EVENT_STORE, Clock],
      useFactory: (store: EventStore, clock: Clock) => new AllowlistRegistry(store, () => clock.now()),
    },
  ],
  exports: [AllowlistRegistry],
})
export class AllowlistModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AllowlistRegistry) private readonly allowlist: AllowlistRegistry) {}

  onApplicationBootstrap(): Promise<void> {
    return this.allowlist.follow();
  }

  onApplicationShutdown(): Promise<void> {
    return this.allowlist.close();
  }
}
