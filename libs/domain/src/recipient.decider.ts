import { applyFact } from './apply-fact';
import { classifyBounce } from './bounce-classifier';
import type { DecisionEvent, FactEvent, RecipientEvent } from './events';
import { isFact } from './events';
import { factFingerprint, timelessSuppressionEventId } from './fact-fingerprint';
import type { Policy } from './policy';
import type {
  RecipientCommand,
  RecordBounce,
  RecordComplaint,
  RecordCorrection,
  RecordDelivery,
  RecordUnsubscribe,
  RevertRestoration,
  SuppressManually,
} from './recipient-commands';
import type { RecipientState } from './recipient-state';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The most characters of a complaint's or an unsubscribe's evidence a fact keeps; callers shorten longer text. */
export const MAX_EVIDENCE_LENGTH = 2000;

export interface DecideContext {
  policy: Policy;
  /** The decision time, in epoch milliseconds; it becomes every new event's `recordedAt`. */
  now: number;
  /** Fingerprints of the facts already in the stream, by event id (see `indexFacts`). */
  seenFacts: ReadonlyMap<string, string>;
  maxClockSkewMs?: number;
}

export type RejectionCode = 'invalid' | 'not_found' | 'conflict';

export type Decision =
  /** New events to append: the fact first, then the decisions it led to. */
  | {
      outcome: 'recorded';
      eventId: string;
      events: RecipientEvent[];
      decisions: DecisionEvent[];
      state: RecipientState;
    }
  /** The same fact was recorded before: nothing to append. */
  | { outcome: 'duplicate'; eventId: string }
  /** A delivery that could change nothing under any policy: answered without an append. */
  | { outcome: 'not_recorded'; eventId: string; reason: 'delivery_heartbeat' }
  | { outcome: 'rejected'; eventId?: string; code: RejectionCode; field?: string; message: string };

/** Turns a command into the events to append, or says why nothing is appended. */
export function decide(command: RecipientCommand, state: RecipientState, context: DecideContext): Decision {
  const fact = toFact(command, state, context);
  if ('outcome' in fact) {
    return fact;
  }
  const seen = context.seenFacts.get(fact.eventId);
  if (seen !== undefined) {
    return seen === factFingerprint(fact)
      ? { outcome: 'duplicate', eventId: fact.eventId }
      : {
          outcome: 'rejected',
          eventId: fact.eventId,
          code: 'conflict',
          field: 'eventId',
          message: `eventId ${fact.eventId} was already recorded with a different payload`,
        };
  }
  if (fact.type === 'DeliverySucceeded' && !deliveryMatters(state, fact, context.policy)) {
    return { outcome: 'not_recorded', eventId: fact.eventId, reason: 'delivery_heartbeat' };
  }
  const applied = applyFact(state, fact, context.policy, context.now);
  return {
    outcome: 'recorded',
    eventId: fact.eventId,
    events: [fact, ...applied.decisions],
    decisions: applied.decisions,
    state: applied.state,
  };
}

/** Indexes the facts of a stream for `DecideContext.seenFacts`. */
export function indexFacts(events: Iterable<RecipientEvent>, into = new Map<string, string>()): Map<string, string> {
  for (const event of events) {
    if (isFact(event)) {
      into.set(event.eventId, factFingerprint(event));
    }
  }
  return into;
}

type Rejection = Extract<Decision, { outcome: 'rejected' }>;

function toFact(command: RecipientCommand, state: RecipientState, context: DecideContext): FactEvent | Rejection {
  switch (command.type) {
    case 'RecordBounce':
      return bounceFact(command, context);
    case 'RecordDelivery':
      return deliveryFact(command, context);
    case 'RecordCorrection':
      return correctionFact(command, context);
    case 'SuppressManually':
      return suppressionFact(command, state, context);
    case 'RevertRestoration':
      return revertFact(command, state, context);
    case 'RecordComplaint':
      return complaintFact(command, context);
    case 'RecordUnsubscribe':
      return unsubscribeFact(command, context);
    default: {
      const unknown: never = command;
      return unknown;
    }
  }
}

function bounceFact(command: RecordBounce, context: DecideContext): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt, context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const { address, messageId, source, smtp, providerVerdict, dsnStatus } = command;
  const classification = classifyBounce({ smtp, providerVerdict, dsnStatus }, context.policy.overrides);
  const data = withoutUndefined({ address, occurredAt, messageId, source, smtp, providerVerdict, dsnStatus });
  const eventId = command.eventId ?? derivedEventId('BounceReceived', address, occurredAt, source, messageId);
  return { type: 'BounceReceived', eventId, recordedAt: iso(context.now), data: { ...data, classification } };
}

function deliveryFact(command: RecordDelivery, context: DecideContext): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt, context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const { address, messageId, source } = command;
  const eventId = command.eventId ?? derivedEventId('DeliverySucceeded', address, occurredAt, source, messageId);
  const data = withoutUndefined({ address, occurredAt, messageId, source });
  return { type: 'DeliverySucceeded', eventId, recordedAt: iso(context.now), data };
}

function correctionFact(command: RecordCorrection, context: DecideContext): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt ?? iso(context.now), context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const { address, by, note, previousAddress } = command;
  const eventId = command.eventId ?? derivedEventId('AddressCorrected', address, occurredAt, by);
  // Only an explicit `true` is an override; `false` and absent are the same correction.
  const liftComplaint = command.liftComplaint === true ? true : undefined;
  const data = withoutUndefined({ address, occurredAt, by, note, previousAddress, liftComplaint });
  return { type: 'AddressCorrected', eventId, recordedAt: iso(context.now), data };
}

function complaintFact(command: RecordComplaint, context: DecideContext): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt, context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const tooLong = evidenceTooLong(command.evidence);
  if (tooLong !== undefined) {
    return tooLong;
  }
  const { address, source, messageId, feedbackType, evidence } = command;
  const eventId = command.eventId ?? derivedEventId('ComplaintReceived', address, occurredAt, source, messageId);
  const data = withoutUndefined({ address, occurredAt, source, messageId, feedbackType, evidence });
  return { type: 'ComplaintReceived', eventId, recordedAt: iso(context.now), data };
}

function unsubscribeFact(command: RecordUnsubscribe, context: DecideContext): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt, context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const tooLong = evidenceTooLong(command.evidence);
  if (tooLong !== undefined) {
    return tooLong;
  }
  const { address, source, messageId, method, list, evidence } = command;
  const eventId =
    command.eventId ?? derivedEventId('UnsubscribeReceived', address, occurredAt, source, messageId, list);
  const data = withoutUndefined({ address, occurredAt, source, messageId, method, list, evidence });
  return { type: 'UnsubscribeReceived', eventId, recordedAt: iso(context.now), data };
}

function evidenceTooLong(evidence: string | undefined): Rejection | undefined {
  if (evidence === undefined || evidence.length <= MAX_EVIDENCE_LENGTH) {
    return undefined;
  }
  return {
    outcome: 'rejected',
    code: 'invalid',
    field: 'evidence',
    message: `evidence is longer than ${MAX_EVIDENCE_LENGTH} characters`,
  };
}

function suppressionFact(
  command: SuppressManually,
  state: RecipientState,
  context: DecideContext,
): FactEvent | Rejection {
  const occurredAt = eventTime(command.occurredAt ?? iso(context.now), context);
  if (typeof occurredAt !== 'string') {
    return occurredAt;
  }
  const { address, by, note, cause, reason } = command;
  const eventId =
    command.eventId ??
    (command.occurredAt === undefined
      ? timelessSuppressionEventId({ address, by, note, cause, reason }, Object.keys(state.restorations).length)
      : derivedEventId('SuppressionRequested', address, occurredAt, by, cause));
  const data = withoutUndefined({ address, occurredAt, by, note, cause, reason });
  return { type: 'SuppressionRequested', eventId, recordedAt: iso(context.now), data };
}

function revertFact(command: RevertRestoration, state: RecipientState, context: DecideContext): FactEvent | Rejection {
  const { address, restorationId, by, note } = command;
  const eventId = command.eventId ?? uuidV5(`${restorationId}:revert`, RECIPIENT_STATE_NAMESPACE);
  const outcome = state.restorations[restorationId];
  const fact: FactEvent = {
    type: 'RestorationReverted',
    eventId,
    recordedAt: iso(context.now),
    data: withoutUndefined({ address, occurredAt: iso(context.now), restorationId, by, note }),
  };
  if (outcome === undefined) {
    return {
      outcome: 'rejected',
      code: 'not_found',
      field: 'restorationId',
      message: `No restoration ${restorationId}`,
    };
  }
  if (outcome !== 'active' && !context.seenFacts.has(eventId)) {
    const why = outcome === 'reverted' ? 'was already reverted' : 'was superseded by a later suppression';
    return { outcome: 'rejected', eventId, code: 'conflict', field: 'restorationId', message: `Restoration ${why}` };
  }
  return fact;
}

/** A delivery is worth recording when a bounce came since the last one, or when the heartbeat has passed. */
function deliveryMatters(state: RecipientState, fact: FactEvent, policy: Policy): boolean {
  if (state.bouncedSinceDelivery || state.lastDeliveryAt === null) {
    return true;
  }
  return Date.parse(fact.data.occurredAt) - state.lastDeliveryAt >= policy.deliveryHeartbeatMs;
}

function eventTime(text: string, context: DecideContext): string | Rejection {
  const at = Date.parse(text);
  if (Number.isNaN(at)) {
    return {
      outcome: 'rejected',
      code: 'invalid',
      field: 'occurredAt',
      message: 'occurredAt is not a valid date-time',
    };
  }
  const skew = context.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (at > context.now + skew) {
    return {
      outcome: 'rejected',
      code: 'invalid',
      field: 'occurredAt',
      message: `occurredAt lies more than ${Math.round(skew / 1000)} s in the future`,
    };
  }
  return iso(at);
}

/** A redelivered webhook carries the same source, message id, address, type and time: the same id follows. */
function derivedEventId(type: string, address: string, occurredAt: string, ...parts: (string | undefined)[]): string {
  return uuidV5([type, address, occurredAt, ...parts.map((part) => part ?? '')].join('|'), RECIPIENT_STATE_NAMESPACE);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
