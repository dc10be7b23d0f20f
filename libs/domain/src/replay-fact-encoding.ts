import type { BounceEvidence } from './bounce-evidence';
import type { BounceClass, Classification } from './classification';
import type { RecipientEvent, Standing, SuppressionCause } from './events';
import { SUPPRESSION_CAUSES } from './events';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

/**
 * A recipient event reduced to the few numbers a policy evaluation reads (see `apply-fact.ts`, `evolve` and
 * `statusAt`): its kind, a small code, one reference and two times. A replay projection stores these fixed-width, so
 * a simulation folds numbers instead of parsing JSON. A restoration and its revert are tied by the revision of the
 * fact that restored (the projection resolves the ids, see `restoration`). A re-evaluation carries a whole run: it is
 * marked `REPLAY_KIND.complex`, and its recipient is replayed from the log.
 */
export const REPLAY_KIND = {
  /** A type this service does not know: passed over and counted as skipped, as the log replay does. */
  unknown: 0,
  bounce: 1,
  delivery: 2,
  correction: 3,
  suppressionRequest: 4,
  complaint: 5,
  unsubscribe: 6,
  quarantined: 7,
  quarantineLifted: 8,
  suppressed: 9,
  restored: 10,
  complex: 11,
  restorationReverted: 12,
} as const;

/** Set in `code` of a correction that lifts a complaint, of an imported suppression, of a list-scoped unsubscribe. */
export const REPLAY_FLAG = 1;

const CLASS_CODES: Readonly<Record<BounceClass, number>> = { hard: 0, soft: 1, undetermined: 2 };
const COUNTS_BIT = 4;

/** A classification as the fold reads it: class in the low bits, whether it counts against the recipient above. */
export function classificationCode(classification: Pick<Classification, 'class' | 'countsAgainstRecipient'>): number {
  return CLASS_CODES[classification.class] | (classification.countsAgainstRecipient ? COUNTS_BIT : 0);
}

export const CLASS_CODE_MASK = 3;
export const HARD_CODE = CLASS_CODES.hard;
export const SOFT_CODE = CLASS_CODES.soft;
export const COUNTS_CODE = COUNTS_BIT;

export function causeCode(cause: SuppressionCause): number {
  return SUPPRESSION_CAUSES.indexOf(cause);
}

export function causeOfCode(code: number): SuppressionCause {
  const cause = SUPPRESSION_CAUSES[code];
  if (cause === undefined) {
    throw new RangeError(`no suppression cause has code ${code}`);
  }
  return cause;
}

/** One encoded event; `evidence` is set for a bounce, for the projection to intern and classify once per text. */
export interface EncodedReplayFact {
  kind: number;
  /** The stored classification's code (bounce), the cause's code (suppression), or REPLAY_FLAG. */
  code: number;
  /** Event time (facts) or the quarantine's end (RecipientQuarantined), epoch ms. */
  at: number;
  /** When the service recorded it, epoch ms: the `now` a replayed fact is decided at. */
  recordedAt: number;
  evidence?: BounceEvidence;
  /** A restoration's id and the fact that restored (RecipientRestored), or the id a revert names. */
  restoration?: { id: string; trigger?: string };
}

/** The id a restoration decided at a fact carries (see `Decisions.restore` in apply-fact.ts). */
export function restorationIdOf(factEventId: string): string {
  return uuidV5(`${factEventId}:restoration`, RECIPIENT_STATE_NAMESPACE);
}

const STANDING_CODES = { clear: 0, quarantined: 1, suppressed: 2 } as const;

/** A standing as the fold keeps it: kind in the low two bits, a suppression's cause above. */
function standingCode(standing: Standing): number {
  return STANDING_CODES[standing.kind] | (standing.kind === 'suppressed' ? causeCode(standing.cause) << 2 : 0);
}

/** Encodes a decoded recipient event (see `fromStoredEvent`). */
export function encodeReplayFact(event: RecipientEvent): EncodedReplayFact {
  const recordedAt = Date.parse(event.recordedAt);
  const fact = (kind: number, occurredAt: string, code = 0): EncodedReplayFact => ({
    kind,
    code,
    at: Date.parse(occurredAt),
    recordedAt,
  });
  switch (event.type) {
    case 'BounceReceived': {
      const { smtp, providerVerdict, dsnStatus, classification } = event.data;
      return {
        ...fact(REPLAY_KIND.bounce, event.data.occurredAt, classificationCode(classification)),
        evidence: withoutUndefined({ smtp, providerVerdict, dsnStatus }),
      };
    }
    case 'DeliverySucceeded':
      return fact(REPLAY_KIND.delivery, event.data.occurredAt);
    case 'AddressCorrected':
      return fact(REPLAY_KIND.correction, event.data.occurredAt, event.data.liftComplaint === true ? REPLAY_FLAG : 0);
    case 'SuppressionRequested':
      return fact(
        REPLAY_KIND.suppressionRequest,
        event.data.occurredAt,
        event.data.cause === 'imported' ? REPLAY_FLAG : 0,
      );
    case 'ComplaintReceived':
      return fact(REPLAY_KIND.complaint, event.data.occurredAt);
    case 'UnsubscribeReceived':
      return fact(REPLAY_KIND.unsubscribe, event.data.occurredAt, event.data.list === undefined ? 0 : REPLAY_FLAG);
    case 'RecipientQuarantined':
      return { kind: REPLAY_KIND.quarantined, code: 0, at: Date.parse(event.data.until), recordedAt };
    case 'QuarantineLifted':
      return { kind: REPLAY_KIND.quarantineLifted, code: 0, at: 0, recordedAt };
    case 'RecipientSuppressed':
      return { kind: REPLAY_KIND.suppressed, code: causeCode(event.data.cause), at: 0, recordedAt };
    case 'RecipientRestored': {
      const { previous, restorationId, trigger } = event.data;
      return {
        kind: REPLAY_KIND.restored,
        code: standingCode(previous),
        at: previous.kind === 'quarantined' ? Date.parse(previous.until) : 0,
        recordedAt,
        restoration: { id: restorationId, trigger },
      };
    }
    case 'RestorationReverted':
      return {
        ...fact(REPLAY_KIND.restorationReverted, event.data.occurredAt),
        restoration: { id: event.data.restorationId },
      };
    case 'RecipientReevaluated':
      return { kind: REPLAY_KIND.complex, code: 0, at: 0, recordedAt };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function withoutUndefined(evidence: BounceEvidence): BounceEvidence {
  return Object.fromEntries(Object.entries(evidence).filter(([, value]) => value !== undefined));
}
