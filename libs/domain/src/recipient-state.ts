import type { BounceClass, BounceReason } from './classification';
import type { ActiveRestoration, RecipientEvent, Standing } from './events';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';

/** A soft (or undetermined) bounce that may count against the recipient, kept while it can still be in a run. */
export interface RunBounce {
  eventId: string;
  occurredAt: number;
  class: Exclude<BounceClass, 'hard'>;
  reason: BounceReason;
}

export type { ActiveRestoration } from './events';

export type RestorationOutcome = 'active' | 'reverted' | 'superseded';

/**
 * Everything the decider needs about one recipient, folded from its events. Policy-free: which bounces of `run`
 * count, and how many make a limit, is decided with the policy at decision and query time.
 */
export interface RecipientState {
  address: string | null;
  standing: Standing;
  restoration: ActiveRestoration | null;
  /** Every restoration this recipient has had and how it ended, for reverts. */
  restorations: Record<string, RestorationOutcome>;
  /** Candidate run bounces that occurred after `runBrokenAt`, oldest first, at most MAX_SOFT_BOUNCE_LIMIT per class. */
  run: RunBounce[];
  /** Event time of the latest delivery or correction: bounces that occurred before it never count. */
  runBrokenAt: number | null;
  /** Event time of the latest recorded delivery, for the delivery heartbeat. */
  lastDeliveryAt: number | null;
  lastDeliveryEventId: string | null;
  /** Any bounce, counting or not, recorded since the last recorded delivery. */
  bouncedSinceDelivery: boolean;
  /** Number of events folded. */
  eventCount: number;
}

export function initialRecipientState(): RecipientState {
  return {
    address: null,
    standing: { kind: 'clear' },
    restoration: null,
    restorations: {},
    run: [],
    runBrokenAt: null,
    lastDeliveryAt: null,
    lastDeliveryEventId: null,
    bouncedSinceDelivery: false,
    eventCount: 0,
  };
}

/** Folds one event into the state. Decision events set the standing; facts maintain the run and the bookkeeping. */
export function evolve(state: RecipientState, event: RecipientEvent): RecipientState {
  const next: RecipientState = { ...state, eventCount: state.eventCount + 1, address: event.data.address };
  switch (event.type) {
    case 'BounceReceived': {
      const { classification } = event.data;
      next.bouncedSinceDelivery = true;
      if (classification.class !== 'hard' && classification.countsAgainstRecipient) {
        next.run = addToRun(state, {
          eventId: event.eventId,
          occurredAt: Date.parse(event.data.occurredAt),
          class: classification.class,
          reason: classification.reason,
        });
      }
      return next;
    }
    case 'DeliverySucceeded': {
      const at = Date.parse(event.data.occurredAt);
      next.bouncedSinceDelivery = false;
      next.lastDeliveryAt = Math.max(state.lastDeliveryAt ?? at, at);
      next.lastDeliveryEventId = at >= (state.lastDeliveryAt ?? at) ? event.eventId : state.lastDeliveryEventId;
      return breakRun(next, at);
    }
    case 'AddressCorrected':
      return breakRun(next, Date.parse(event.data.occurredAt));
    case 'SuppressionRequested':
    case 'ComplaintReceived':
    case 'UnsubscribeReceived':
      // Neither breaks a run: they say nothing about whether mail reaches the mailbox.
      return next;
    case 'RestorationReverted': {
      const restoration = state.restoration;
      if (restoration?.restorationId === event.data.restorationId) {
        next.standing = restoration.previous;
        next.restoration = null;
        next.restorations = { ...state.restorations, [restoration.restorationId]: 'reverted' };
      }
      return next;
    }
    case 'RecipientQuarantined':
      next.standing = {
        kind: 'quarantined',
        until: event.data.until,
        since: event.recordedAt,
        evidence: event.data.evidence,
        policyVersion: event.data.policyVersion,
      };
      return next;
    case 'QuarantineLifted':
      next.standing = { kind: 'clear' };
      return next;
    case 'RecipientSuppressed':
      next.standing = {
        kind: 'suppressed',
        cause: event.data.cause,
        reason: event.data.reason,
        since: event.recordedAt,
        evidence: event.data.evidence,
        policyVersion: event.data.policyVersion,
      };
      return supersedeRestoration(next);
    case 'RecipientRestored':
      return restore(next, {
        restorationId: event.data.restorationId,
        since: event.recordedAt,
        trigger: event.data.trigger,
        previous: event.data.previous,
      });
    case 'RecipientReevaluated':
      // Never a restoration: it opens none. Like any suppression, one it records ends the restoration that stood.
      next.standing = event.data.standing;
      next.run = event.data.run ?? next.run;
      return event.data.standing.kind === 'suppressed' ? supersedeRestoration(next) : next;
    default: {
      const unhandled: never = event;
      return unhandled;
    }
  }
}

/** Folds a whole stream. */
export function foldRecipient(events: Iterable<RecipientEvent>, from = initialRecipientState()): RecipientState {
  let state = from;
  for (const event of events) {
    state = evolve(state, event);
  }
  return state;
}

function addToRun(state: RecipientState, bounce: RunBounce): RunBounce[] {
  if (bounce.occurredAt <= (state.runBrokenAt ?? -Infinity)) {
    return state.run;
  }
  const run = [...state.run, bounce].sort((a, b) => a.occurredAt - b.occurredAt);
  // Only the newest bounces can ever make up a run: a later delivery removes the oldest first. The cap is per class:
  // a policy that ignores undetermined bounces must still find the newest soft ones, however many came between.
  const sameClass = run.filter((candidate) => candidate.class === bounce.class);
  return sameClass.length > MAX_SOFT_BOUNCE_LIMIT ? run.filter((candidate) => candidate !== sameClass[0]) : run;
}

function breakRun(state: RecipientState, at: number): RecipientState {
  const brokenAt = Math.max(state.runBrokenAt ?? at, at);
  return { ...state, runBrokenAt: brokenAt, run: state.run.filter((bounce) => bounce.occurredAt > brokenAt) };
}

function restore(state: RecipientState, restoration: ActiveRestoration): RecipientState {
  const base = supersedeRestoration(state);
  return {
    ...base,
    standing: { kind: 'clear' },
    restoration,
    restorations: { ...base.restorations, [restoration.restorationId]: 'active' },
  };
}

/** A new suppression ends the restoration that stood: it can no longer be reverted. */
function supersedeRestoration(state: RecipientState): RecipientState {
  if (state.restoration === null) {
    return state;
  }
  return {
    ...state,
    restorations: { ...state.restorations, [state.restoration.restorationId]: 'superseded' },
    restoration: null,
  };
}
