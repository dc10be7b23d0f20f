import type { Classification, ProviderVerdict, SmtpEvidence } from './classification';
import type { UnsubscribeMethod } from './recipient-commands';
import type { RunBounce } from './recipient-state';

/**
 * Events of a recipient stream. Facts record what a command brought in (replay feeds them through the decider
 * again); decisions record what the service concluded at the time, under the policy then in force.
 */

/** 2: RecipientReevaluated carries `by` and `run` and no `restoration` (see the upcaster in event-serialisation). */
export const SCHEMA_VERSION = 2;

interface EventOf<Type extends string, Data> {
  type: Type;
  eventId: string;
  /** When the service recorded the event: the `now` its decision was made at. */
  recordedAt: string;
  data: Data;
}

interface FactData {
  /** The normalised address. */
  address: string;
  /** When it happened, by the source's clock. */
  occurredAt: string;
}

export type BounceReceived = EventOf<
  'BounceReceived',
  FactData & {
    messageId?: string;
    source?: string;
    smtp?: SmtpEvidence;
    providerVerdict?: ProviderVerdict;
    dsnStatus?: string;
    classification: Classification;
  }
>;

export type DeliverySucceeded = EventOf<'DeliverySucceeded', FactData & { messageId?: string; source?: string }>;

export type AddressCorrected = EventOf<
  'AddressCorrected',
  FactData & { by: string; note?: string; previousAddress?: string; liftComplaint?: boolean }
>;

/** The recipient reported a message as spam (ARF feedback report or a provider's complaint event). */
export type ComplaintReceived = EventOf<
  'ComplaintReceived',
  FactData & { source?: string; messageId?: string; feedbackType?: string; evidence?: string }
>;

/** The recipient unsubscribed: from every list when `list` is absent, otherwise from that list only. */
export type UnsubscribeReceived = EventOf<
  'UnsubscribeReceived',
  FactData & {
    source?: string;
    messageId?: string;
    method: UnsubscribeMethod;
    list?: string;
    evidence?: string;
  }
>;

export const SUPPRESSION_CAUSES = [
  'hard_bounce',
  'soft_bounce_limit',
  'manual',
  'imported',
  'complaint',
  'unsubscribed',
  // Last, so the replay projection's cause codes of the others stay what they were.
  'erased',
] as const;
export type SuppressionCause = (typeof SUPPRESSION_CAUSES)[number];

/** An operator's suppression, or one imported from another system's list (with that system's reason and date). */
export type SuppressionRequested = EventOf<
  'SuppressionRequested',
  FactData & { by: string; note?: string; cause: 'manual' | 'imported'; reason?: string }
>;

export type RestorationReverted = EventOf<
  'RestorationReverted',
  { address: string; occurredAt: string; restorationId: string; by: string; note?: string }
>;

export type FactEvent =
  | BounceReceived
  | DeliverySucceeded
  | AddressCorrected
  | SuppressionRequested
  | RestorationReverted
  | ComplaintReceived
  | UnsubscribeReceived;

/** What a recipient's standing was at some moment; restorations keep the one they replaced. */
export type Standing =
  | { kind: 'clear' }
  | { kind: 'quarantined'; until: string; since: string; evidence: string[]; policyVersion: string }
  | {
      kind: 'suppressed';
      cause: SuppressionCause;
      reason: string;
      since: string;
      evidence: string[];
      policyVersion: string;
    };

export interface ActiveRestoration {
  restorationId: string;
  since: string;
  /** The fact event that restored the recipient. */
  trigger: string;
  /** The standing the restoration replaced; reverting returns to exactly this. */
  previous: Standing;
}

interface DecisionData {
  /** The fact event that led to the decision. */
  trigger: string;
  policyVersion: string;
  explanation: string;
}

export type RecipientQuarantined = EventOf<
  'RecipientQuarantined',
  DecisionData & { address: string; until: string; evidence: string[] }
>;

export type QuarantineLifted = EventOf<'QuarantineLifted', DecisionData & { address: string }>;

export type RecipientSuppressed = EventOf<
  'RecipientSuppressed',
  DecisionData & { address: string; cause: SuppressionCause; reason: string; evidence: string[] }
>;

export type RecipientRestored = EventOf<
  'RecipientRestored',
  DecisionData & { address: string; restorationId: string; previous: Standing }
>;

/**
 * Written when adopting a policy changes a recipient's answer: the standing that replaying its facts under that policy
 * gives, and the run as that policy classifies its bounces. A re-evaluation is not a restoration: it opens none and
 * cannot be reverted. `by` is who adopted the policy.
 */
export type RecipientReevaluated = EventOf<
  'RecipientReevaluated',
  DecisionData & {
    address: string;
    by: string;
    standing: Standing;
    /** The run as the adopted policy reads it; absent in re-evaluations recorded before it was kept (the run stood). */
    run?: RunBounce[];
    previous: Standing;
  }
>;

export type DecisionEvent =
  RecipientQuarantined | QuarantineLifted | RecipientSuppressed | RecipientRestored | RecipientReevaluated;

export type RecipientEvent = FactEvent | DecisionEvent;
export type RecipientEventType = RecipientEvent['type'];

export const FACT_EVENT_TYPES: readonly FactEvent['type'][] = [
  'BounceReceived',
  'DeliverySucceeded',
  'AddressCorrected',
  'SuppressionRequested',
  'RestorationReverted',
  'ComplaintReceived',
  'UnsubscribeReceived',
];
export const DECISION_EVENT_TYPES: readonly DecisionEvent['type'][] = [
  'RecipientQuarantined',
  'QuarantineLifted',
  'RecipientSuppressed',
  'RecipientRestored',
  'RecipientReevaluated',
];
export const RECIPIENT_EVENT_TYPES: readonly RecipientEventType[] = [...FACT_EVENT_TYPES, ...DECISION_EVENT_TYPES];

const FACT_TYPES: ReadonlySet<string> = new Set(FACT_EVENT_TYPES);

export function isFact(event: RecipientEvent): event is FactEvent {
  return FACT_TYPES.has(event.type);
}

export function isRecipientEventType(type: string): type is RecipientEventType {
  return (RECIPIENT_EVENT_TYPES as readonly string[]).includes(type);
}
