import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Module } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { discardReplayFacts } from '@app/replay';
import { Clock, DoNotSendRegistry, RecipientErasure, RecipientStateCache } from '@app/recipients';
import { ADDRESS_HASH_KEY, EVENT_STORE, READ_MODEL } from '../stores/tokens';
import { ErasureController } from './erasure.controller';
import { RecipientOverlay } from './recipient-overlay';

/** Global: the suppression queries answer through `RecipientOverlay`. */
@Global()
@Module({
  controllers: [ErasureController],
  providers: [
    {
      provide: DoNotSendRegistry,
      inject: [EVENT_STORE, ADDRESS_HASH_KEY, RecipientStateCache],
      useFactory: (store: EventStore, key: string, cache: RecipientStateCache) =>
        new DoNotSendRegistry(store, key, (streamId) => cache.delete(streamId)),
    },
    {
      provide: RecipientErasure,
      inject: [EVENT_STORE, READ_MODEL, ADDRESS_HASH_KEY, RecipientStateCache, DoNotSendRegistry, Clock],
      useFactory: (
        store: EventStore,
        readModel: ReadModelStore,
        addressHashKey: string,
        cache: RecipientStateCache,
        doNotSend: DoNotSendRegistry,
        clock: Clock,
      ) =>
        new RecipientErasure({
          store,
          readModel,
          addressHashKey,
          cache,
          doNotSend,
          now: () => clock.now(),
          discardDerived: () => Promise.resolve(discardReplayFacts(store)),
        }),
    },
    RecipientOverlay,
  ],
  exports: [DoNotSendRegistry, RecipientOverlay],
})
export class ErasureModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DoNotSendRegistry) private readonly doNotSend: DoNotSendRegistry) {}

  onApplicationBootstrap(): Promise<void> {
    return this.doNotSend.follow();
  }

  onApplicationShutdown(): Promise<void> {
    return this.doNotSend.close();
  }
}
