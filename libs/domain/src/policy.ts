import type { BounceClass, BounceReason } from './classification';

/** The policy as written in JSON (`POLICY_FILE`, `POST /v1/policy/simulations`). */
export interface PolicyDocument {
  version: string;
  hardBounce: { action: 'suppress' | 'ignore' };
  softBounce: { limit: number; window: string; quarantineAt: number; quarantineFor: string };
  undetermined: UndeterminedHandling;
  restoreOnDelivery: boolean;
  deliveryHeartbeat: string;
  overrides: PolicyOverrideDocument[];
}

export type UndeterminedHandling = 'count_as_soft' | 'ignore';

export interface PolicyOverrideDocument {
  match: { enhancedStatus?: string; replyCode?: number; text?: string; provider?: string };
  class: BounceClass;
  reason: BounceReason;
  /** Defaults to what the reason implies (sender-side reasons never count). */
  countsAgainstRecipient?: boolean;
}

/** A validated policy with durations in milliseconds and patterns compiled, ready for the decider and classifier. */
export interface Policy {
  version: string;
  document: PolicyDocument;
  hardBounceSuppresses: boolean;
  softBounceLimit: number;
  softBounceWindowMs: number;
  /** Run length at which a recipient is quarantined; equal to the limit when quarantine is off. */
  quarantineAt: number;
  quarantineForMs: number;
  undetermined: UndeterminedHandling;
  restoreOnDelivery: boolean;
  deliveryHeartbeatMs: number;
  overrides: PolicyOverride[];
}

export interface PolicyOverride {
  match: { enhancedStatus?: string; replyCode?: number; text?: RegExp; provider?: string };
  class: BounceClass;
  reason: BounceReason;
  countsAgainstRecipient: boolean;
}

/** The longest soft-bounce run a policy may ask for; the decider keeps at most this many bounces per recipient. */
export const MAX_SOFT_BOUNCE_LIMIT = 100;
