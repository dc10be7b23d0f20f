import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Injectable, Module } from '@nestjs/common';
import type { Policy } from '@app/domain';
import { resolveAddressHashKey } from './config/address-hash-key';
import type { Environment } from './config/env';
import { MetricsRegistry } from './metrics/metrics-registry';
import { CommandMetrics } from './metrics/command-metrics';
import { ProjectionMetrics } from './metrics/projection-metrics';
import { CurrentPolicy } from './policy/current-policy';
import { PolicyFollower } from './policy/policy-follower';
import { Clock } from './recipients/clock';
import { CommandResponder } from './recipients/command-responder';
import { RecipientCommandLoop } from './recipients/recipient-command-loop';
import { RecipientStateCache } from './recipients/recipient-state-cache';
import type { Stores } from './stores/open-stores';
import { openStores } from './stores/open-stores';
import { ADDRESS_HASH_KEY, ENVIRONMENT, EVENT_STORE, READ_MODEL } from './stores/tokens';

export const STORES = Symbol('Stores');

export interface CoreOptions {
  env: Environment;
  policy: Policy;
  /** Tests pass a controllable clock. */
  clock?: Clock;
}

/** Closes the stores after Nest has stopped taking requests and in-flight ones have finished. */
@Injectable()
class StoresLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores) {}

  async onApplicationShutdown(): Promise<void> {
    await this.stores.close();
  }
}

/** The service's shared singletons: configuration, stores, policy, clock, metrics and the command loop. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const { env } = options;
    const providers = [
      { provide: ENVIRONMENT, useValue: env },
      { provide: ADDRESS_HASH_KEY, useFactory: () => resolveAddressHashKey(env.ADDRESS_HASH_KEY, env.DATA_DIR) },
      { provide: CurrentPolicy, useValue: new CurrentPolicy(options.policy) },
      { provide: Clock, useValue: options.clock ?? new Clock() },
      { provide: RecipientStateCache, useValue: new RecipientStateCache(env.STATE_CACHE_SIZE) },
      MetricsRegistry,
      CommandMetrics,
      ProjectionMetrics,
      {
        provide: STORES,
        inject: [ProjectionMetrics],
        useFactory: (metrics: ProjectionMetrics) =>
          openStores(env, {
            committed: (position, lags) => {
              metrics.checkpoint.set(Number(position));
              lags.forEach((lag) => metrics.lagSeconds.observe(lag));
            },
          }),
      },
      { provide: EVENT_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.eventStore },
      { provide: READ_MODEL, inject: [STORES], useFactory: (stores: Stores) => stores.readModel },
      StoresLifecycle,
      RecipientCommandLoop,
      CommandResponder,
      PolicyFollower,
    ];
    return {
      module: CoreModule,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
