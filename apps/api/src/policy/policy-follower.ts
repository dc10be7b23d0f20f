import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventStore, Subscription } from '@app/event-store';
import { EVENT_STORE } from '../stores/tokens';
import { CurrentPolicy } from './current-policy';
import { latestAdoption, POLICY_ADOPTED, POLICY_STREAM, toAdoption } from './policy-adoptions';

/** Keeps the policy in force in step with adoptions, including ones made by the CLI while the service runs. */
@Injectable()
export class PolicyFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PolicyFollower.name);
  private subscription: Subscription | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly policy: CurrentPolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adopted = await latestAdoption(this.store);
    if (adopted !== undefined) {
      this.policy.replace(adopted.policy);
    }
    this.subscription = this.store.subscribeAll(
      { filter: { streamPrefixes: [POLICY_STREAM], eventTypes: [POLICY_ADOPTED] } },
      {
        onEvent: (event) => {
          const adoption = toAdoption(event);
          if (adoption !== undefined && adoption.policy.version !== this.policy.get().version) {
            this.logger.log(`Policy ${adoption.policy.version} adopted by ${adoption.by}`);
            this.policy.replace(adoption.policy);
          }
        },
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
