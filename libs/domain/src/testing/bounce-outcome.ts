import { classifyBounce } from '../bounce-classifier';
import type { BounceEvidence } from '../bounce-evidence';
import type { BounceClass, BounceReason, SmtpEvidence } from '../classification';
import type { PolicyOverride } from '../policy';

/** A classification reduced to what the classifier specs compare, in one line per expectation. */
export type Outcome = [reason: BounceReason, bounceClass: BounceClass, counts: boolean, rule: string];

export function outcomeOf(evidence: BounceEvidence, overrides?: readonly PolicyOverride[]): Outcome {
  const { reason, class: bounceClass, countsAgainstRecipient, rule } = classifyBounce(evidence, overrides);
  return [reason, bounceClass, countsAgainstRecipient, rule];
}

export function replyOutcome(diagnostic: string, smtp: Partial<SmtpEvidence> = {}): Outcome {
  return outcomeOf({ smtp: { diagnostic, ...smtp } });
}

export function counting(reason: BounceReason, bounceClass: BounceClass, rule: string): Outcome {
  return [reason, bounceClass, true, rule];
}

export function notCounting(reason: BounceReason, bounceClass: BounceClass, rule: string): Outcome {
  return [reason, bounceClass, false, rule];
}

export const UNDETERMINED: Outcome = ['undetermined', 'undetermined', true, 'fallback:undetermined'];
