import type { EventStore, Subscription } from '@app/event-store';
import type { CurrentPolicy } from './current-policy';
import type { PolicyAdoption } from './policy-adoptions';
import { POLICY_ADOPTED, POLICY_STREAM, readAdoptions, toAdoption } from './policy-adoptions';

/** Keeps the policy in force in step with adoptions, including ones made by the CLI while the service runs. */
export class PolicyFollower {
  private subscription: Subscription | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly policy: CurrentPolicy,
    /** Told about each adoption that replaced the policy in force while following. */
    private readonly onAdopted: (adoption: PolicyAdoption) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const after = await this.followFrom();
    this.subscription = this.store.subscribeAll(
      { after, filter: { streamPrefixes: [POLICY_STREAM], eventTypes: [POLICY_ADOPTED] } },
      {
        onEvent: (event) => {
          const adoption = toAdoption(event);
          if (adoption !== undefined && adoption.policy.version !== this.policy.get().version) {
            this.onAdopted(adoption);
            this.policy.replace(adoption.policy);
          }
        },
      },
    );
  }

  async close(): Promise<void> {
    await this.subscription?.close();
  }

  /**
   * Applies the latest adoption and says where to follow from. A store that filters a subscription by reading every
   * page (the embedded log) tells its end (`lastPosition`), so following starts there rather than replaying a long log
   * before the service can answer; the end is read first, so an adoption landing meanwhile is seen twice at worst (and
   * applied once). A store without the capability filters on its side and follows from the last adoption.
   */
  private async followFrom(): Promise<bigint | undefined> {
    const end = await this.store.lastPosition?.();
    const adoptions = await readAdoptions(this.store);
    const last = adoptions[adoptions.length - 1];
    const adopted = last === undefined ? undefined : toAdoption(last);
    if (adopted !== undefined) {
      this.policy.replace(adopted.policy);
    }
    return end ?? last?.position;
  }
}
