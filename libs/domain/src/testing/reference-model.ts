import type { Policy } from '../policy';

/**
 * A reference model of the recipient rules (DESIGN §3), written to be obviously right rather than fast: every
 * answer is recomputed from the plain list of recorded facts (sort, filter, count), with nothing folded or cached
 * but the decisions themselves. The decider is checked against it on random histories; it shares no code with it.
 *
 * Reading of DESIGN taken here, for the points the prose leaves open:
 * - "Within `window`" means strictly less than `window` apart, both for the run (a bounce exactly `window` before
 *   the newest is out) and for `soft_bouncing` (it ends at newest + window, like a quarantine ends at its `until`).
 *   Every span in the rules is half-open: quarantine, soft bouncing, the window and the heartbeat.
 * - A correction breaks the run like a delivery: it says the cause is fixed.
 * - A decision stands until a later one replaces it: a quarantine is not lifted by a later bounce that pushes its
 *   run out of the window, only by expiry, a delivery that leaves the run below `quarantineAt`, or a correction.
 * - A quarantine that was already over when its last bounce was recorded is still recorded, with its past `until`,
 *   so the history says why the run went the way it did; it reads as over at once.
 * - A delivery leaving a `soft_bounce_limit` suppression with a run below the limit restores it.
 * - A hard bounce turns a `soft_bounce_limit` suppression into a `hard_bounce` one; other suppressions stand.
 *   A manual suppression replaces any suppression but a manual one, an unsubscribe or a complaint; an import
 *   replaces none.
 * - A complaint suppresses unless a complaint already stands; an unsubscribe from every list suppresses unless a
 *   complaint or an unsubscribe stands; an unsubscribe from one list suppresses nothing. Neither breaks the run, and
 *   no delivery lifts either. A correction lifts an unsubscribe like any suppression, a complaint only when it says
 *   `liftComplaint`.
 * - A restoration stands until it is reverted, or ended by a later suppression or restoration. Reverting puts
 *   back exactly the standing it replaced; the facts stay, so the correction or delivery still broke the run.
 * - Only recorded deliveries break the run, and the heartbeat decides which are recorded, as DESIGN words it. So a
 *   bounce that arrives late but occurred before a delivery answered without an append still counts: the one place
 *   where the heartbeat's "could change nothing" does not hold.
 */

export type ModelStanding =
  | { kind: 'clear' }
  | { kind: 'quarantined'; until: number; since: number }
  | { kind: 'suppressed'; cause: ModelCause; reason: string; since: number };

/** `erased` is never recorded in a recipient stream (the do-not-send list holds it), so the model never gives it. */
export type ModelCause =
  'hard_bounce' | 'soft_bounce_limit' | 'manual' | 'imported' | 'complaint' | 'unsubscribed' | 'erased';

export interface ModelBounce {
  kind: 'bounce';
  id: string;
  occurredAt: number;
  class: 'hard' | 'soft' | 'undetermined';
  counts: boolean;
  reason: string;
}

export type ModelCommand =
  | ModelBounce
  | { kind: 'delivery'; id: string; occurredAt: number }
  /** Without `occurredAt`, a correction or suppression happened when it was recorded. */
  | { kind: 'correction'; id: string; by: string; occurredAt?: number; liftComplaint?: boolean }
  | { kind: 'complaint'; id: string; occurredAt: number; feedbackType?: string }
  | { kind: 'unsubscribe'; id: string; occurredAt: number; method: 'link' | 'one_click'; list?: string }
  | { kind: 'suppression'; id: string; by: string; cause: 'manual' | 'imported'; reason?: string; occurredAt?: number }
  /** Names the restoration by the fact that triggered it; null names none there is. */
  | { kind: 'revert'; restoredBy: string | null; by: string };

export type ModelDecision =
  | { type: 'suppressed'; cause: ModelCause; reason: string; evidence: string[] }
  | { type: 'quarantined'; until: number; evidence: string[] }
  | { type: 'quarantine_lifted' }
  | { type: 'restored'; previous: ModelStanding };

export type ModelOutcome =
  | { outcome: 'recorded'; decisions: ModelDecision[] }
  | { outcome: 'duplicate' | 'not_recorded' }
  | { outcome: 'rejected'; code: 'invalid' | 'not_found' | 'conflict' };

export interface ModelStatus {
  status: 'deliverable' | 'soft_bouncing' | 'quarantined' | 'suppressed';
  restored: boolean;
  cause?: ModelCause;
  reason?: string;
  since?: number;
  until?: number;
}

interface RecordedFact {
  command: Exclude<ModelCommand, { kind: 'revert' }> | (Extract<ModelCommand, { kind: 'revert' }> & { id: string });
  /** Event time: the command's, or the recording time when it gives none. */
  at: number;
  recordedAt: number;
}

interface Restoration {
  trigger: string;
  previous: ModelStanding;
  ended: 'reverted' | 'superseded' | null;
}

const CLOCK_SKEW_MS = 5 * 60 * 1000;

export class ReferenceModel {
  private readonly facts: RecordedFact[] = [];
  private standing: ModelStanding = { kind: 'clear' };
  private readonly restorations: Restoration[] = [];
  private decisions: ModelDecision[] = [];
  private now = 0;

  constructor(private readonly policy: Policy) {}

  /** Decides one command recorded at `now`. */
  handle(command: ModelCommand, now: number): ModelOutcome {
    this.now = now;
    this.decisions = [];
    if (command.kind === 'revert') {
      return this.revert(command);
    }
    const at = command.occurredAt ?? now;
    if (at > now + CLOCK_SKEW_MS) {
      return { outcome: 'rejected', code: 'invalid' };
    }
    const earlier = this.facts.find((fact) => 'id' in fact.command && fact.command.id === command.id);
    if (earlier !== undefined) {
      return samePayload(earlier.command, command, earlier.at, at)
        ? { outcome: 'duplicate' }
        : { outcome: 'rejected', code: 'conflict' };
    }
    if (command.kind === 'delivery' && !this.deliveryCouldMatter(at)) {
      return { outcome: 'not_recorded' };
    }
    this.facts.push({ command, at, recordedAt: now });
    switch (command.kind) {
      case 'bounce':
        this.afterBounce(command);
        break;
      case 'delivery':
        this.afterDelivery(command.id);
        break;
      case 'correction':
        this.afterCorrection(command);
        break;
      case 'suppression':
        this.afterSuppressionRequest(command);
        break;
      case 'complaint':
        if (!this.suppressedFor('complaint')) {
          this.suppress('complaint', command.feedbackType ?? 'complaint', [command.id]);
        }
        break;
      case 'unsubscribe':
        if (command.list === undefined && !this.suppressedFor('complaint', 'unsubscribed')) {
          this.suppress('unsubscribed', command.method, [command.id]);
        }
        break;
    }
    return { outcome: 'recorded', decisions: this.decisions };
  }

  statusAt(now: number): ModelStatus {
    const restored = this.activeRestoration() !== undefined;
    const standing = this.standing;
    if (standing.kind === 'suppressed') {
      const { cause, reason, since } = standing;
      return { status: 'suppressed', restored, cause, reason, since };
    }
    if (standing.kind === 'quarantined' && now < standing.until) {
      return { status: 'quarantined', restored, since: standing.since, until: standing.until };
    }
    const run = this.run();
    const newest = run[run.length - 1];
    if (newest !== undefined && now < newest.occurredAt + this.policy.softBounceWindowMs) {
      return { status: 'soft_bouncing', restored, until: newest.occurredAt + this.policy.softBounceWindowMs };
    }
    return { status: 'deliverable', restored };
  }

  /** The restorations so far, oldest first, by the fact that triggered each. */
  restorationTriggers(): string[] {
    return this.restorations.map((restoration) => restoration.trigger);
  }

  /**
   * The run: the counting soft bounces that occurred after the latest delivery or correction, kept while less than
   * `window` older than the newest of them. Oldest first; bounces at the same instant in the order recorded.
   */
  run(): ModelBounce[] {
    const breaks = this.facts
      .filter((fact) => fact.command.kind === 'delivery' || fact.command.kind === 'correction')
      .map((fact) => fact.at);
    const brokenAt = Math.max(-Infinity, ...breaks);
    const counting = this.facts
      .map((fact) => fact.command)
      .filter((command): command is ModelBounce => command.kind === 'bounce')
      .filter((bounce) => bounce.counts && this.countsAsSoft(bounce) && bounce.occurredAt > brokenAt)
      .sort((a, b) => a.occurredAt - b.occurredAt);
    const newest = counting[counting.length - 1];
    if (newest === undefined) {
      return [];
    }
    return counting.filter((bounce) => newest.occurredAt - bounce.occurredAt < this.policy.softBounceWindowMs);
  }

  private countsAsSoft(bounce: ModelBounce): boolean {
    return bounce.class === 'soft' || (bounce.class === 'undetermined' && this.policy.undetermined === 'count_as_soft');
  }

  /** Appended after any bounce since the last recorded delivery, or once the heartbeat has passed since it. */
  private deliveryCouldMatter(at: number): boolean {
    const lastIndex = this.facts.map((fact) => fact.command.kind).lastIndexOf('delivery');
    if (lastIndex < 0) {
      return true;
    }
    if (this.facts.slice(lastIndex + 1).some((fact) => fact.command.kind === 'bounce')) {
      return true;
    }
    const latest = Math.max(...this.facts.filter((fact) => fact.command.kind === 'delivery').map((fact) => fact.at));
    return at - latest >= this.policy.deliveryHeartbeatMs;
  }

  private afterBounce(bounce: ModelBounce): void {
    if (bounce.class === 'hard' && bounce.counts && this.policy.hardBounceSuppresses) {
      const standing = this.standing;
      if (standing.kind !== 'suppressed' || standing.cause === 'soft_bounce_limit') {
        this.suppress('hard_bounce', bounce.reason, [bounce.id]);
      }
      return;
    }
    if (this.standing.kind !== 'suppressed') {
      this.evaluateRun();
    }
  }

  private afterDelivery(id: string): void {
    const standing = this.standing;
    const runLength = this.run().length;
    if (standing.kind === 'suppressed') {
      const restores =
        standing.cause === 'soft_bounce_limit' &&
        this.policy.restoreOnDelivery &&
        runLength < this.policy.softBounceLimit;
      if (restores) {
        this.restore(id);
      }
      return;
    }
    if (this.quarantineInForce() && runLength < this.policy.quarantineAt) {
      this.standing = { kind: 'clear' };
      this.decisions.push({ type: 'quarantine_lifted' });
    }
  }

  private afterCorrection(command: Extract<ModelCommand, { kind: 'correction' }>): void {
    if (this.suppressedFor('complaint') && command.liftComplaint !== true) {
      return;
    }
    if (this.standing.kind === 'suppressed' || this.quarantineInForce()) {
      this.restore(command.id);
    }
  }

  private suppressedFor(...causes: ModelCause[]): boolean {
    return this.standing.kind === 'suppressed' && causes.includes(this.standing.cause);
  }

  private afterSuppressionRequest(command: Extract<ModelCommand, { kind: 'suppression' }>): void {
    const stands =
      (this.standing.kind === 'suppressed' && command.cause === 'imported') ||
      this.suppressedFor('manual', 'unsubscribed', 'complaint');
    if (!stands) {
      this.suppress(command.cause, command.reason ?? command.cause, [command.id]);
    }
  }

  private revert(command: Extract<ModelCommand, { kind: 'revert' }>): ModelOutcome {
    const restoration = this.restorations.find((candidate) => candidate.trigger === command.restoredBy);
    if (restoration === undefined) {
      return { outcome: 'rejected', code: 'not_found' };
    }
    const id = `revert:${restoration.trigger}`;
    const earlier = this.facts.find((fact) => fact.command.kind === 'revert' && fact.command.id === id);
    if (earlier !== undefined) {
      return earlier.command.kind === 'revert' && earlier.command.by === command.by
        ? { outcome: 'duplicate' }
        : { outcome: 'rejected', code: 'conflict' };
    }
    if (restoration.ended !== null) {
      return { outcome: 'rejected', code: 'conflict' };
    }
    this.facts.push({ command: { ...command, id }, at: this.now, recordedAt: this.now });
    this.standing = restoration.previous;
    restoration.ended = 'reverted';
    return { outcome: 'recorded', decisions: [] };
  }

  /** Suppresses at the limit and quarantines between the thresholds, as the run asks. */
  private evaluateRun(): void {
    const run = this.run();
    const newest = run[run.length - 1];
    if (newest === undefined || run.length < this.policy.quarantineAt) {
      return;
    }
    const evidence = run.map((bounce) => bounce.id);
    if (run.length >= this.policy.softBounceLimit) {
      this.suppress('soft_bounce_limit', newest.reason, evidence);
      return;
    }
    const until = newest.occurredAt + this.policy.quarantineForMs;
    const standing = this.standing;
    if (standing.kind !== 'quarantined' || standing.until !== until) {
      this.standing = { kind: 'quarantined', until, since: this.now };
      this.decisions.push({ type: 'quarantined', until, evidence });
    }
  }

  private suppress(cause: ModelCause, reason: string, evidence: string[]): void {
    this.endActiveRestoration();
    this.standing = { kind: 'suppressed', cause, reason, since: this.now };
    this.decisions.push({ type: 'suppressed', cause, reason, evidence });
  }

  private restore(trigger: string): void {
    this.endActiveRestoration();
    this.restorations.push({ trigger, previous: this.standing, ended: null });
    this.decisions.push({ type: 'restored', previous: this.standing });
    this.standing = { kind: 'clear' };
    this.evaluateRun();
  }

  private endActiveRestoration(): void {
    const active = this.activeRestoration();
    if (active !== undefined) {
      active.ended = 'superseded';
    }
  }

  private activeRestoration(): Restoration | undefined {
    return this.restorations.find((restoration) => restoration.ended === null);
  }

  private quarantineInForce(): boolean {
    return this.standing.kind === 'quarantined' && this.now < this.standing.until;
  }
}

/** A redelivered fact is the same when its data is, leaving out the time operators' commands default to. */
function samePayload(
  earlier: RecordedFact['command'],
  later: ModelCommand,
  earlierAt: number,
  laterAt: number,
): boolean {
  switch (earlier.kind) {
    case 'bounce':
      return (
        later.kind === 'bounce' &&
        earlierAt === laterAt &&
        earlier.class === later.class &&
        earlier.counts === later.counts &&
        earlier.reason === later.reason
      );
    case 'delivery':
      return later.kind === 'delivery' && earlierAt === laterAt;
    case 'correction':
      return (
        later.kind === 'correction' &&
        earlier.by === later.by &&
        (earlier.liftComplaint === true) === (later.liftComplaint === true)
      );
    case 'complaint':
      return later.kind === 'complaint' && earlierAt === laterAt && earlier.feedbackType === later.feedbackType;
    case 'unsubscribe':
      return (
        later.kind === 'unsubscribe' &&
        earlierAt === laterAt &&
        earlier.method === later.method &&
        earlier.list === later.list
      );
    case 'suppression':
      return (
        later.kind === 'suppression' &&
        earlier.by === later.by &&
        earlier.cause === later.cause &&
        earlier.reason === later.reason
      );
    case 'revert':
      return false;
  }
}
