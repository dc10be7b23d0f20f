import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { Environment, Stores } from '@app/recipients';
import {
  Clock,
  CurrentPolicy,
  openStores,
  PolicyFollower,
  RecipientCommandLoop,
  RecipientStateCache,
  resolveAddressHashKey,
} from '@app/recipients';
import { MetricsRegistry } from './metrics/metrics-registry';
import { CommandMetrics } from './metrics/command-metrics';
import { ProjectionMetrics } from './metrics/projection-metrics';
import { projectorObserver } from './metrics/projector-observer';
import { CommandResponder } from './recipients/command-responder';
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

/**
 * Follows policy adoptions once the app is wired, and stops before the stores close; readiness and metrics read its
 * progress. Each adoption is logged, and a failure of following and its recovery once each.
 */
@Injectable()
export class PolicyFollowing implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PolicyFollower.name);
  readonly follower: PolicyFollower;

  constructor(@Inject(EVENT_STORE) store: EventStore, policy: CurrentPolicy) {
    this.follower = new PolicyFollower(store, policy, {
      adopted: (adoption) => this.logger.log(`Policy ${adoption.policy.version} adopted by ${adoption.by}`),
      failed: (error) => this.logger.error(`Following policy adoptions failed, retrying: ${error.message}`),
      recovered: () => this.logger.log('Following policy adoptions recovered'),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.follower.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.follower.close();
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
        useFactory: (metrics: ProjectionMetrics) => openStores(env, projectorObserver(metrics)),
      },
      { provide: EVENT_STORE, inject: [STORES], useFactory: (stores: Stores) => stores.eventStore },
      { provide: READ_MODEL, inject: [STORES], useFactory: (stores: Stores) => stores.readModel },
      StoresLifecycle,
      {
        provide: RecipientCommandLoop,
        inject: [EVENT_STORE, ADDRESS_HASH_KEY, CurrentPolicy, RecipientStateCache, Clock, CommandMetrics],
        useFactory: (
          store: EventStore,
          addressHashKey: string,
          policy: CurrentPolicy,
          cache: RecipientStateCache,
          clock: Clock,
          metrics: CommandMetrics,
        ) =>
          new RecipientCommandLoop({
            store,
            addressHashKey,
            policy,
            cache,
            clock,
            maxClockSkewMs: env.MAX_CLOCK_SKEW_SECONDS * 1000,
            observer: metrics,
          }),
      },
      CommandResponder,
      PolicyFollowing,
    ];
    return {
      module: CoreModule,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
