import type { Policy } from '@app/domain';

/** The policy in force. Adopting a policy replaces it; every decision reads it afresh. */
export class CurrentPolicy {
  constructor(private policy: Policy) {}

  get(): Policy {
    return this.policy;
  }

  replace(policy: Policy): void {
    this.policy = policy;
  }
}
