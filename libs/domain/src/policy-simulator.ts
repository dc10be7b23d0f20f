import type { AppliedFact } from './apply-fact';
import { applyFact } from './apply-fact';
import { classifyBounce } from './bounce-classifier';
import type { FactEvent, RecipientEvent, RecipientReevaluated, Standing } from './events';
import { isFact } from './events';
import { canonicalJson } from './fact-fingerprint';
import { explainReevaluation } from './explanations';
import type { Policy } from './policy';
import type { RecipientState } from './recipient-state';
import { initialRecipientState } from './recipient-state';
import type { RecipientStatus, StatusView } from './recipient-status';
import { statusAt } from './recipient-status';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

/**
 * Replays one recorded fact under a policy, at the time it was recorded. Bounces are classified again from their
 * raw evidence, so overrides of a candidate policy take effect; everything else is the live rule book.
 */
export function replayFact(state: RecipientState, fact: FactEvent, policy: Policy): AppliedFact {
  let replayed = fact;
  if (fact.type === 'BounceReceived') {
    const { smtp, providerVerdict, dsnStatus } = fact.data;
    const classification = classifyBounce({ smtp, providerVerdict, dsnStatus }, policy.overrides);
    replayed = { ...fact, data: { ...fact.data, classification } };
  }
  return applyFact(state, replayed, policy, Date.parse(fact.recordedAt));
}

/** Replays a recipient's whole stream (decisions are skipped: they are what replay recomputes). */
export function replayRecipient(events: Iterable<RecipientEvent>, policy: Policy): RecipientState {
  let state = initialRecipientState();
  for (const event of events) {
    if (isFact(event)) {
      state = replayFact(state, event, policy).state;
    }
  }
  return state;
}

export interface RecipientComparison {
  address: string;
  current: StatusView;
  candidate: StatusView;
  changed: boolean;
  /** e.g. "quarantined -> suppressed". */
  transition: string;
  /** Event ids behind the candidate outcome (its suppression or quarantine, else its run). */
  evidence: string[];
}

/** Compares what a recipient is now with what it would be under the candidate, both evaluated at `now`. */
export function compareRecipient(
  current: RecipientState,
  currentPolicy: Policy,
  candidate: RecipientState,
  candidatePolicy: Policy,
  now: number,
): RecipientComparison {
  const before = statusAt(current, currentPolicy, now);
  const after = statusAt(candidate, candidatePolicy, now);
  const changed = before.status !== after.status || before.cause !== after.cause;
  const standing = candidate.standing.kind === 'clear' ? current.standing : candidate.standing;
  const evidence = standing.kind === 'clear' ? candidate.run.map((bounce) => bounce.eventId) : standing.evidence;
  return {
    address: candidate.address ?? current.address ?? '',
    current: before,
    candidate: after,
    changed,
    transition: `${before.status} -> ${after.status}`,
    evidence,
  };
}

export interface SimulationTotals {
  recipients: number;
  events: number;
  changed: number;
  current: Record<RecipientStatus, number>;
  candidate: Record<RecipientStatus, number>;
  /** Counts per "before -> after" status pair, changed recipients only. */
  transitions: Record<string, number>;
}

/** Running totals of a simulation, fed one recipient at a time so memory stays flat. */
export class SimulationTally {
  readonly totals: SimulationTotals = {
    recipients: 0,
    events: 0,
    changed: 0,
    current: emptyStatusCounts(),
    candidate: emptyStatusCounts(),
    transitions: {},
  };
  /** The first change of each kind, kept as the example to explain. */
  readonly examples = new Map<string, RecipientComparison>();

  add(comparison: RecipientComparison, events: number): void {
    const { totals } = this;
    totals.recipients++;
    totals.events += events;
    totals.current[comparison.current.status]++;
    totals.candidate[comparison.candidate.status]++;
    if (!comparison.changed) {
      return;
    }
    totals.changed++;
    const kind = changeKind(comparison);
    totals.transitions[kind] = (totals.transitions[kind] ?? 0) + 1;
    if (!this.examples.has(kind)) {
      this.examples.set(kind, comparison);
    }
  }

  merge(other: SimulationTally): void {
    const { totals } = this;
    totals.recipients += other.totals.recipients;
    totals.events += other.totals.events;
    totals.changed += other.totals.changed;
    for (const status of Object.keys(totals.current) as RecipientStatus[]) {
      totals.current[status] += other.totals.current[status];
      totals.candidate[status] += other.totals.candidate[status];
    }
    for (const [kind, count] of Object.entries(other.totals.transitions)) {
      totals.transitions[kind] = (totals.transitions[kind] ?? 0) + count;
    }
    for (const [kind, example] of other.examples) {
      if (!this.examples.has(kind)) {
        this.examples.set(kind, example);
      }
    }
  }
}

/** A transition, with the cause when a suppression's cause is what changed. */
export function changeKind(comparison: RecipientComparison): string {
  const { current, candidate } = comparison;
  if (current.status === candidate.status && current.cause !== candidate.cause) {
    return `${current.status} (${current.cause ?? 'none'}) -> ${candidate.status} (${candidate.cause ?? 'none'})`;
  }
  return comparison.transition;
}

/**
 * What adopting a policy records for one recipient: nothing when the replay under it leaves the standing as it is,
 * otherwise a re-evaluation that sets the replayed standing (so the audit shows the policy that changed it).
 */
export function reevaluate(
  current: RecipientState,
  replayed: RecipientState,
  policy: Policy,
  now: number,
): RecipientReevaluated | null {
  const sameStanding = canonicalJson(current.standing) === canonicalJson(replayed.standing);
  const sameRestoration = canonicalJson(current.restoration) === canonicalJson(replayed.restoration);
  if ((sameStanding && sameRestoration) || current.address === null) {
    return null;
  }
  const trigger = `policy:${policy.version}`;
  const previous: Standing = current.standing;
  return {
    type: 'RecipientReevaluated',
    eventId: uuidV5(`${trigger}:${current.address}:${current.eventCount}`, RECIPIENT_STATE_NAMESPACE),
    recordedAt: new Date(now).toISOString(),
    data: {
      address: current.address,
      trigger,
      policyVersion: policy.version,
      explanation: explainReevaluation(previous, replayed.standing, policy),
      standing: replayed.standing,
      restoration: replayed.restoration,
      previous,
    },
  };
}

function emptyStatusCounts(): Record<RecipientStatus, number> {
  return { deliverable: 0, soft_bouncing: 0, quarantined: 0, suppressed: 0 };
}
