import type { BounceReceived, FactEvent, Policy, RecipientState } from '@app/domain';
import * as domain from '@app/domain';
import { CLASSIFIER_VERSION, replayFact } from '@app/domain';
import { ClassificationMemo } from './classification-memo';

type AppliedFact = ReturnType<typeof replayFact>;

/** Replays one fact under the candidate policy: the new state and the decisions it led to. */
export type ReplayStep = (state: RecipientState, fact: FactEvent) => AppliedFact;

export interface ReplayStepOptions {
  /**
   * The candidate's overrides equal those of every policy that classified the recorded bounces: a bounce recorded by
   * this classifier version keeps its recorded classification instead of being classified again.
   */
  reuseRecorded: boolean;
}

type ApplyFact = (state: RecipientState, fact: FactEvent, policy: Policy, now: number) => AppliedFact;

/**
 * `replayFact` is classify-then-`applyFact`; replay needs the second half alone to put a memoised or reused
 * classification in. Until `@app/domain` exports `applyFact`, every bounce goes through `replayFact` (same result,
 * classified afresh each time).
 */
const applyFact = (domain as unknown as { applyFact?: ApplyFact }).applyFact;

/**
 * The domain's `replayFact`, with the classification of bounces memoised by evidence (or reused as recorded) instead
 * of computed afresh for every bounce: the same result, since classification is a pure function of the evidence, the
 * overrides and the classifier version.
 */
export function createReplayStep(policy: Policy, options: ReplayStepOptions): ReplayStep {
  if (applyFact === undefined) {
    return (state, fact) => replayFact(state, fact, policy);
  }
  const apply = applyFact;
  const memo = new ClassificationMemo(policy.overrides);
  return (state, fact) => {
    const replayed = fact.type === 'BounceReceived' ? reclassified(fact, memo, options.reuseRecorded) : fact;
    return apply(state, replayed, policy, Date.parse(fact.recordedAt));
  };
}

function reclassified(fact: BounceReceived, memo: ClassificationMemo, reuseRecorded: boolean): BounceReceived {
  if (reuseRecorded && fact.data.classification.classifierVersion === CLASSIFIER_VERSION) {
    return fact;
  }
  const { smtp, providerVerdict, dsnStatus } = fact.data;
  return { ...fact, data: { ...fact.data, classification: memo.classify({ smtp, providerVerdict, dsnStatus }) } };
}
