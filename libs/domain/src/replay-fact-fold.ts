import type { Policy } from './policy';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';
import { causeCode } from './replay-fact-encoding';
import { CLASS_CODE_MASK, COUNTS_CODE, HARD_CODE, REPLAY_FLAG, REPLAY_KIND, SOFT_CODE } from './replay-fact-encoding';

/** Index into RECIPIENT_STATUSES. */
export const STATUS_CODE = { deliverable: 0, soft_bouncing: 1, quarantined: 2, suppressed: 3 } as const;

const CLEAR = 0;
const QUARANTINED = 1;
const SUPPRESSED = 2;
/** A run keeps at most this many bounces per class, and there are two classes that can be in it. */
const RUN_CAPACITY = 2 * MAX_SOFT_BOUNCE_LIMIT + 1;

const CAUSE = {
  hardBounce: causeCode('hard_bounce'),
  softBounceLimit: causeCode('soft_bounce_limit'),
  manual: causeCode('manual'),
  imported: causeCode('imported'),
  complaint: causeCode('complaint'),
  unsubscribed: causeCode('unsubscribed'),
};

/** The cause ranking of `apply-fact.ts` (CAUSE_STRENGTH), by cause code. */
const STRENGTH: number[] = [];
STRENGTH[causeCode('erased')] = 6;
STRENGTH[CAUSE.complaint] = 5;
STRENGTH[CAUSE.unsubscribed] = 4;
STRENGTH[CAUSE.manual] = 3;
STRENGTH[CAUSE.imported] = 2;
STRENGTH[CAUSE.hardBounce] = 1;
STRENGTH[CAUSE.softBounceLimit] = 0;

/**
 * One side of a recipient as a policy evaluation sees it: the standing's kind, cause and end, the run of counting
 * bounces (time and class, oldest first) and when the run was last broken. Only what decides the status and the
 * cause is kept; restorations, explanations and evidence are not (a changed recipient is explained from the log).
 */
class FoldedSide {
  standing = CLEAR;
  cause = 0;
  until = 0;
  runBrokenAt = -Infinity;
  runLength = 0;
  /** The revision of the fact whose restoration is active, -1 for none; and the standing it replaced. */
  restorationTrigger = -1;
  previousStanding = CLEAR;
  previousCause = 0;
  previousUntil = 0;
  readonly runAt = new Float64Array(RUN_CAPACITY);
  readonly runClass = new Uint8Array(RUN_CAPACITY);
  /** softBounceRun's result, set by `measureRun`. */
  measuredLength = 0;
  measuredNewest = 0;

  reset(): void {
    this.standing = CLEAR;
    this.cause = 0;
    this.until = 0;
    this.runBrokenAt = -Infinity;
    this.runLength = 0;
    this.restorationTrigger = -1;
  }

  /** `addToRun` of recipient-state.ts: in time order, after equal times, the oldest of a class beyond the cap out. */
  addToRun(at: number, classCode: number): void {
    if (at <= this.runBrokenAt) {
      return;
    }
    const { runAt, runClass } = this;
    let insert = this.runLength;
    while (insert > 0 && runAt[insert - 1]! > at) {
      runAt[insert] = runAt[insert - 1]!;
      runClass[insert] = runClass[insert - 1]!;
      insert--;
    }
    runAt[insert] = at;
    runClass[insert] = classCode;
    this.runLength++;
    let sameClass = 0;
    let oldest = -1;
    for (let index = 0; index < this.runLength; index++) {
      if (runClass[index] === classCode) {
        sameClass++;
        if (oldest < 0) {
          oldest = index;
        }
      }
    }
    if (sameClass > MAX_SOFT_BOUNCE_LIMIT) {
      this.removeAt(oldest);
    }
  }

  /** `breakRun` of recipient-state.ts. */
  breakRun(at: number): void {
    const brokenAt = this.runBrokenAt === -Infinity ? at : Math.max(this.runBrokenAt, at);
    this.runBrokenAt = brokenAt;
    let kept = 0;
    for (let index = 0; index < this.runLength; index++) {
      if (this.runAt[index]! > brokenAt) {
        this.runAt[kept] = this.runAt[index]!;
        this.runClass[kept] = this.runClass[index]!;
        kept++;
      }
    }
    this.runLength = kept;
  }

  /** `softBounceRun` under the policy: its length and its newest bounce's time. */
  measureRun(policy: Policy): number {
    const onlySoft = policy.undetermined !== 'count_as_soft';
    let length = 0;
    let newest = NaN;
    for (let index = this.runLength - 1; index >= 0; index--) {
      if (onlySoft && this.runClass[index] !== SOFT_CODE) {
        continue;
      }
      const at = this.runAt[index]!;
      if (length === 0) {
        newest = at;
      } else if (at <= newest - policy.softBounceWindowMs) {
        break;
      }
      length++;
    }
    this.measuredLength = length;
    this.measuredNewest = newest;
    return length;
  }

  /** A suppression also ends the restoration that stood (`supersedeRestoration`). */
  suppress(cause: number): void {
    this.standing = SUPPRESSED;
    this.cause = cause;
    this.restorationTrigger = -1;
  }

  /** `restore` of recipient-state.ts: clear, remembering what it replaced, under the restoring fact's revision. */
  restore(trigger: number, standing: number, cause: number, until: number): void {
    this.previousStanding = standing;
    this.previousCause = cause;
    this.previousUntil = until;
    this.standing = CLEAR;
    this.restorationTrigger = trigger;
  }

  /** `RestorationReverted` in `evolve`: back to the replaced standing when it names the active restoration. */
  revert(trigger: number): void {
    if (this.restorationTrigger === trigger) {
      this.standing = this.previousStanding;
      this.cause = this.previousCause;
      this.until = this.previousUntil;
      this.restorationTrigger = -1;
    }
  }

  standsAgainst(cause: number): boolean {
    return this.standing === SUPPRESSED && STRENGTH[this.cause]! >= STRENGTH[cause]!;
  }

  quarantineInForce(now: number): boolean {
    return this.standing === QUARANTINED && this.until > now;
  }

  /** `statusAt` of recipient-status.ts, as a STATUS_CODE. */
  status(policy: Policy, now: number): number {
    if (this.standing === SUPPRESSED) {
      return STATUS_CODE.suppressed;
    }
    if (this.standing === QUARANTINED && this.until > now) {
      return STATUS_CODE.quarantined;
    }
    if (this.measureRun(policy) > 0 && this.measuredNewest + policy.softBounceWindowMs > now) {
      return STATUS_CODE.soft_bouncing;
    }
    return STATUS_CODE.deliverable;
  }

  private removeAt(position: number): void {
    for (let index = position; index < this.runLength - 1; index++) {
      this.runAt[index] = this.runAt[index + 1]!;
      this.runClass[index] = this.runClass[index + 1]!;
    }
    this.runLength--;
  }
}

/** What a fold of one recipient says, both sides at `now`. */
export interface FoldedComparison {
  current: number;
  candidate: number;
  /** `answerChanged` of policy-simulator.ts: another status, or another cause of a suppression. */
  changed: boolean;
}

/**
 * The simulation's two sides of one recipient, over encoded events (see `encodeReplayFact`), without building domain
 * events: "current" folds every event as recorded (`evolve`), "candidate" replays the facts alone under the candidate
 * policy (`replayFact`: `evolve`, then `applyFact`'s rules), with each bounce classified for the candidate. It mirrors
 * those functions for the status and the cause only; a spec holds it to them on generated histories. One instance is
 * reused recipient after recipient.
 */
export class ReplayFactFold {
  private readonly current = new FoldedSide();
  private readonly candidate = new FoldedSide();
  /** Events folded (of known types). */
  events = 0;
  /** Set when an event needs the full rules (`REPLAY_KIND.complex`): the recipient is replayed from the log. */
  complex = false;
  /** The revision of the event being folded: every event of the stream is fed, unknown types included. */
  private revision = -1;

  constructor(private readonly candidatePolicy: Policy) {}

  reset(): void {
    this.current.reset();
    this.candidate.reset();
    this.events = 0;
    this.complex = false;
    this.revision = -1;
  }

  /**
   * Folds one event: `code` as encoded, `candidateClass` the bounce's classification code under the candidate policy
   * (see `classificationCode`), `at` and `recordedAt` as encoded, `trigger` the revision of the fact a restoration
   * or a revert refers to.
   */
  add(kind: number, code: number, candidateClass: number, at: number, recordedAt: number, trigger: number): void {
    this.revision++;
    if (kind === REPLAY_KIND.unknown) {
      return;
    }
    this.events++;
    const { current, candidate } = this;
    switch (kind) {
      case REPLAY_KIND.bounce:
        if ((code & CLASS_CODE_MASK) !== HARD_CODE && (code & COUNTS_CODE) !== 0) {
          current.addToRun(at, code & CLASS_CODE_MASK);
        }
        this.candidateBounce(candidateClass, at);
        return;
      case REPLAY_KIND.delivery:
        current.breakRun(at);
        candidate.breakRun(at);
        this.candidateDelivery(recordedAt);
        return;
      case REPLAY_KIND.correction:
        current.breakRun(at);
        candidate.breakRun(at);
        this.candidateCorrection(code === REPLAY_FLAG, recordedAt);
        return;
      case REPLAY_KIND.suppressionRequest: {
        const cause = code === REPLAY_FLAG ? CAUSE.imported : CAUSE.manual;
        const already =
          candidate.standing === SUPPRESSED &&
          (cause === CAUSE.imported || STRENGTH[candidate.cause]! >= STRENGTH[CAUSE.manual]!);
        if (!already) {
          candidate.suppress(cause);
        }
        return;
      }
      case REPLAY_KIND.complaint:
        if (!candidate.standsAgainst(CAUSE.complaint)) {
          candidate.suppress(CAUSE.complaint);
        }
        return;
      case REPLAY_KIND.unsubscribe:
        if (code !== REPLAY_FLAG && !candidate.standsAgainst(CAUSE.unsubscribed)) {
          candidate.suppress(CAUSE.unsubscribed);
        }
        return;
      case REPLAY_KIND.quarantined:
        current.standing = QUARANTINED;
        current.until = at;
        return;
      case REPLAY_KIND.quarantineLifted:
        current.standing = CLEAR;
        return;
      case REPLAY_KIND.restored:
        current.restore(trigger, code & 3, code >>> 2, at);
        return;
      case REPLAY_KIND.restorationReverted:
        current.revert(trigger);
        candidate.revert(trigger);
        return;
      case REPLAY_KIND.suppressed:
        current.suppress(code);
        return;
      default:
        this.complex = true;
    }
  }

  /** Both sides at `now`; meaningless when `complex` is set. */
  compare(currentPolicy: Policy, now: number): FoldedComparison {
    const current = this.current.status(currentPolicy, now);
    const candidate = this.candidate.status(this.candidatePolicy, now);
    const changed =
      current !== candidate || (current === STATUS_CODE.suppressed && this.current.cause !== this.candidate.cause);
    return { current, candidate, changed };
  }

  private candidateBounce(classCode: number, at: number): void {
    const side = this.candidate;
    const hard = (classCode & CLASS_CODE_MASK) === HARD_CODE;
    const counts = (classCode & COUNTS_CODE) !== 0;
    if (!hard && counts) {
      side.addToRun(at, classCode & CLASS_CODE_MASK);
    }
    if (hard && counts && this.candidatePolicy.hardBounceSuppresses) {
      if (!side.standsAgainst(CAUSE.hardBounce)) {
        side.suppress(CAUSE.hardBounce);
      }
      return;
    }
    if (side.standing !== SUPPRESSED) {
      this.evaluateRun();
    }
  }

  private candidateDelivery(now: number): void {
    const side = this.candidate;
    const policy = this.candidatePolicy;
    const length = side.measureRun(policy);
    if (side.standing === SUPPRESSED) {
      if (side.cause === CAUSE.softBounceLimit && policy.restoreOnDelivery && length < policy.softBounceLimit) {
        side.restore(this.revision, side.standing, side.cause, side.until);
        this.evaluateRun();
      }
      return;
    }
    if (side.quarantineInForce(now) && length < policy.quarantineAt) {
      side.standing = CLEAR;
    }
  }

  private candidateCorrection(liftComplaint: boolean, now: number): void {
    const side = this.candidate;
    if (side.standing === SUPPRESSED && side.cause === CAUSE.complaint && !liftComplaint) {
      return;
    }
    if (side.standing === SUPPRESSED || side.quarantineInForce(now)) {
      side.restore(this.revision, side.standing, side.cause, side.until);
      this.evaluateRun();
    }
  }

  /** `Decisions.evaluateRun` of apply-fact.ts: suppress at the limit, quarantine between the thresholds. */
  private evaluateRun(): void {
    const side = this.candidate;
    const policy = this.candidatePolicy;
    const length = side.measureRun(policy);
    if (length === 0) {
      return;
    }
    if (length >= policy.softBounceLimit) {
      side.suppress(CAUSE.softBounceLimit);
      return;
    }
    if (length < policy.quarantineAt) {
      return;
    }
    const until = side.measuredNewest + policy.quarantineForMs;
    if (side.standing === QUARANTINED && side.until === until) {
      return;
    }
    side.standing = QUARANTINED;
    side.until = until;
  }
}
