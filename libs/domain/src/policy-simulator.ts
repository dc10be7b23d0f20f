import type { AppliedFact } from './apply-fact';
import { applyFact } from './apply-fact';
import { classifyBounce } from './bounce-classifier';
import type { Classification } from './classification';
import type { FactEvent, RecipientEvent, RecipientReevaluated, Standing } from './events';
import { isFact } from './events';
import { explainReevaluation } from './explanations';
import type { Policy } from './policy';
import type { RecipientState } from './recipient-state';
import { initialRecipientState } from './recipient-state';
import type { RecipientStatus, StatusView } from './recipient-status';
import { statusAt } from './recipient-status';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

/**
 * Replays one recorded fact under a policy, at the time it was recorded. Bounces are classified again from their
 * raw evidence, so overrides of a candidate policy take effect; everything else is the live rule book. A caller that
 * already holds the bounce's classification under this policy (made once for every bounce of the same evidence) passes
 * it as `classified`.
 */
export function replayFact(
  state: RecipientState,
  fact: FactEvent,
  policy: Policy,
  classified?: Classification,
): AppliedFact {
  let replayed = fact;
  if (fact.type === 'BounceReceived') {
    const { smtp, providerVerdict, dsnStatus } = fact.data;
    const classification = classified ?? classifyBounce({ smtp, providerVerdict, dsnStatus }, policy.overrides);
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

/**
 * The one definition of "the answer changed", shared by the simulation report and by adoption: whether to send
 * (`suppressed`), the status, or the cause of a suppression differ.
 */
export function answerChanged(before: StatusView, after: StatusView): boolean {
  return before.status !== after.status || before.suppressed !== after.suppressed || before.cause !== after.cause;
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
  const changed = answerChanged(before, after);
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

/** An adoption: the policy adopted, the one it replaces, who adopted it and when. */
export interface Adoption {
  policy: Policy;
  /** The policy in force before; only the explanation's "before" answer is evaluated under it. */
  previous: Policy;
  by: string;
  now: number;
}

/**
 * What adopting a policy records for one recipient: nothing when its answer under the adopted policy already is the
 * one the replay of its facts under that policy gives (the comparison a simulation makes), so its decisions, `since`
 * and policy version stay as they are; otherwise a re-evaluation that sets the replayed standing, decided now, and
 * the replayed run. It carries no restoration: the replay's own restorations are not the recipient's to revert.
 */
export function reevaluate(
  current: RecipientState,
  replayed: RecipientState,
  adoption: Adoption,
): RecipientReevaluated | null {
  const { policy, by, now } = adoption;
  const comparison = compareRecipient(current, policy, replayed, policy, now);
  if (!comparison.changed || current.address === null) {
    return null;
  }
  const recordedAt = new Date(now).toISOString();
  const standing: Standing =
    replayed.standing.kind === 'clear' ? replayed.standing : { ...replayed.standing, since: recordedAt };
  const trigger = `policy:${policy.version}`;
  const before = statusAt(current, adoption.previous, now);
  return {
    type: 'RecipientReevaluated',
    eventId: uuidV5(`${trigger}:${current.address}:${current.eventCount}`, RECIPIENT_STATE_NAMESPACE),
    recordedAt,
    data: {
      address: current.address,
      trigger,
      policyVersion: policy.version,
      by,
      explanation: explainReevaluation(before, comparison.candidate, policy, by),
      standing,
      run: replayed.run,
      previous: current.standing,
    },
  };
}

function emptyStatusCounts(): Record<RecipientStatus, number> {
  return { deliverable: 0, soft_bouncing: 0, quarantined: 0, suppressed: 0 };
}
