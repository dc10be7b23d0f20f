import { explainElapsedQuarantine } from './elapsed-quarantine';
import type {
  AddressCorrected,
  BounceReceived,
  ComplaintReceived,
  DecisionEvent,
  DeliverySucceeded,
  FactEvent,
  Standing,
  SuppressionCause,
  SuppressionRequested,
  UnsubscribeReceived,
} from './events';
import {
  describeComplaint,
  describeEvidence,
  describeUnsubscribe,
  explainQuarantine,
  explainQuarantineLifted,
  explainRestoration,
  explainSuppression,
} from './explanations';
import type { Policy } from './policy';
import type { RecipientState } from './recipient-state';
import { evolve } from './recipient-state';
import { newestOf, softBounceRun } from './soft-bounce-run';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

export interface AppliedFact {
  state: RecipientState;
  /** The decisions the fact led to, already folded into `state`. */
  decisions: DecisionEvent[];
}

/**
 * Folds a fact and decides what follows from it under the policy, at `now`. The one rule book shared by live
 * commands and by replay: that is what makes a replay under the policy in force reproduce the recorded decisions.
 */
export function applyFact(state: RecipientState, fact: FactEvent, policy: Policy, now: number): AppliedFact {
  const decider = new Decisions(evolve(state, fact), fact, policy, now);
  switch (fact.type) {
    case 'BounceReceived':
      afterBounce(decider, fact);
      break;
    case 'DeliverySucceeded':
      afterDelivery(decider, fact);
      break;
    case 'AddressCorrected':
      afterCorrection(decider, fact);
      break;
    case 'SuppressionRequested':
      afterSuppressionRequest(decider, fact);
      break;
    case 'RestorationReverted':
      break;
    case 'ComplaintReceived':
      afterComplaint(decider, fact);
      break;
    case 'UnsubscribeReceived':
      afterUnsubscribe(decider, fact);
      break;
    default: {
      const unknown: never = fact;
      return unknown;
    }
  }
  return { state: decider.state, decisions: decider.decisions };
}

function afterBounce(d: Decisions, fact: BounceReceived): void {
  const { classification, smtp } = fact.data;
  const { standing } = d.state;
  const suppressesNow = classification.class === 'hard' && classification.countsAgainstRecipient;
  if (suppressesNow && d.policy.hardBounceSuppresses) {
    // A hard bounce outranks a soft-limit suppression (a later delivery must not lift it), and nothing else.
    if (!standsAgainst(d, 'hard_bounce')) {
      d.suppress('hard_bounce', classification.reason, [fact.eventId], describeEvidence(smtp, classification));
    }
    return;
  }
  if (standing.kind !== 'suppressed') {
    d.evaluateRun(describeEvidence(smtp, classification));
  }
}

function afterDelivery(d: Decisions, fact: DeliverySucceeded): void {
  const { standing } = d.state;
  const run = softBounceRun(d.state, d.policy);
  if (standing.kind === 'suppressed') {
    if (standing.cause === 'soft_bounce_limit' && d.policy.restoreOnDelivery && run.length < d.policy.softBounceLimit) {
      d.restore(standing, explainRestoration(standing, 'delivery'));
      d.evaluateRun();
    }
    return;
  }
  if (d.quarantineInForce() && run.length < d.policy.quarantineAt) {
    d.push({ type: 'QuarantineLifted', data: d.decisionData(fact, explainQuarantineLifted('delivery')) });
  }
}

/**
 * A correction lifts any suppression or quarantine, a complaint only when the correction says so (`liftComplaint`):
 * the recipient's own complaint outlasts a fixed address, an unsubscribe does not (a correction is a re-confirmed
 * opt-in).
 */
function afterCorrection(d: Decisions, fact: AddressCorrected): void {
  const { standing } = d.state;
  const { by, liftComplaint } = fact.data;
  if (standing.kind === 'suppressed' && standing.cause === 'complaint' && liftComplaint !== true) {
    return;
  }
  if (standing.kind === 'suppressed' || d.quarantineInForce()) {
    d.restore(standing, explainRestoration(standing, 'correction', by, liftComplaint === true));
    d.evaluateRun();
  }
}

/**
 * Causes by how hard they are to lift. A cause is only ever replaced by a stronger one, so "why is this address
 * suppressed?" keeps naming the cause that a delivery or a correction would have to overcome: a complaint (lifted
 * only by an explicit override), an unsubscribe or an operator's hand (lifted by a correction), an import, a hard
 * bounce (never lifted by a delivery), a soft-bounce limit (lifted by a delivery).
 */
const CAUSE_STRENGTH: Readonly<Record<SuppressionCause, number>> = {
  erased: 6,
  complaint: 5,
  unsubscribed: 4,
  manual: 3,
  imported: 2,
  hard_bounce: 1,
  soft_bounce_limit: 0,
};

function standsAgainst(d: Decisions, cause: SuppressionCause): boolean {
  const { standing } = d.state;
  return standing.kind === 'suppressed' && CAUSE_STRENGTH[standing.cause] >= CAUSE_STRENGTH[cause];
}

function afterComplaint(d: Decisions, fact: ComplaintReceived): void {
  if (!standsAgainst(d, 'complaint')) {
    d.suppress('complaint', fact.data.feedbackType ?? 'complaint', [fact.eventId], describeComplaint(fact));
  }
}

/** A list-scoped unsubscribe is recorded and explained; only one from every list answers "may I send?" with no. */
function afterUnsubscribe(d: Decisions, fact: UnsubscribeReceived): void {
  if (fact.data.list === undefined && !standsAgainst(d, 'unsubscribed')) {
    d.suppress('unsubscribed', fact.data.method, [fact.eventId], describeUnsubscribe(fact));
  }
}

function afterSuppressionRequest(d: Decisions, fact: SuppressionRequested): void {
  const { standing } = d.state;
  const { cause, by, note, reason } = fact.data;
  // An import never replaces a suppression; an operator's hand replaces only the weaker causes.
  const already =
    standing.kind === 'suppressed' && (cause === 'imported' || CAUSE_STRENGTH[standing.cause] >= CAUSE_STRENGTH.manual);
  if (!already) {
    const detail = cause === 'manual' ? `by ${by}${note === undefined ? '' : ` (${note})`}` : (reason ?? 'imported');
    d.suppress(cause, reason ?? cause, [fact.eventId], detail);
  }
}

/** Collects decision events for one fact, folding each into the state as it goes. */
class Decisions {
  readonly decisions: DecisionEvent[] = [];

  constructor(
    public state: RecipientState,
    readonly fact: FactEvent,
    readonly policy: Policy,
    readonly now: number,
  ) {}

  /** Suppresses at the limit, quarantines between the thresholds, as the run under the policy asks. */
  evaluateRun(detail?: string): void {
    const run = softBounceRun(this.state, this.policy);
    const newest = newestOf(run);
    if (newest === undefined) {
      return;
    }
    const reason = newest.reason;
    const evidence = run.map((bounce) => bounce.eventId);
    if (run.length >= this.policy.softBounceLimit) {
      this.suppress('soft_bounce_limit', reason, evidence, detail ?? reason.replace(/_/g, ' '));
      return;
    }
    if (run.length < this.policy.quarantineAt) {
      return;
    }
    const until = new Date(newest.occurredAt + this.policy.quarantineForMs).toISOString();
    const { standing } = this.state;
    if (standing.kind === 'quarantined' && standing.until === until) {
      return;
    }
    // A quarantine already over is recorded all the same (it reads as over at once): the history must say why.
    const explanation =
      Date.parse(until) > this.now
        ? explainQuarantine(run.length, until, this.policy)
        : explainElapsedQuarantine(run.length, until, new Date(this.now).toISOString(), this.policy);
    this.push({
      type: 'RecipientQuarantined',
      data: { ...this.decisionData(this.fact, explanation), until, evidence },
    });
  }

  suppress(cause: SuppressionCause, reason: string, evidence: string[], detail: string): void {
    const explanation = explainSuppression(cause, detail, this.policy);
    this.push({
      type: 'RecipientSuppressed',
      data: { ...this.decisionData(this.fact, explanation), cause, reason, evidence },
    });
  }

  restore(previous: Standing, explanation: string): void {
    const restorationId = uuidV5(`${this.fact.eventId}:restoration`, RECIPIENT_STATE_NAMESPACE);
    this.push({
      type: 'RecipientRestored',
      data: { ...this.decisionData(this.fact, explanation), restorationId, previous },
    });
  }

  quarantineInForce(): boolean {
    const { standing } = this.state;
    return standing.kind === 'quarantined' && Date.parse(standing.until) > this.now;
  }

  decisionData(
    fact: FactEvent,
    explanation: string,
  ): {
    address: string;
    trigger: string;
    policyVersion: string;
    explanation: string;
  } {
    return { address: fact.data.address, trigger: fact.eventId, policyVersion: this.policy.version, explanation };
  }

  push(decision: Pick<DecisionEvent, 'type' | 'data'>): void {
    const eventId = uuidV5(`${this.fact.eventId}:${this.decisions.length}`, RECIPIENT_STATE_NAMESPACE);
    const event = { ...decision, eventId, recordedAt: new Date(this.now).toISOString() } as DecisionEvent;
    this.decisions.push(event);
    this.state = evolve(this.state, event);
  }
}
