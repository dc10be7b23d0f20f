import type { FactEvent, Policy, RecipientComparison, RunBounce } from '@app/domain';
import { changeKind, explainChange, summariseFact } from '@app/domain';
import type { FactLookup, RecipientReplay } from './recipient-replay';
import type { EvidenceItem, RecipientChange } from './simulation-report';

/** A changed recipient with its evidence and the domain's explanation of the two sides, for reports. */
export function describeChange(
  streamId: string,
  replay: RecipientReplay,
  comparison: RecipientComparison,
  policies: { current: Policy; candidate: Policy },
  lookup: FactLookup,
): RecipientChange {
  // Bounces in the candidate's run carry the candidate's classification, which new overrides may have changed.
  const reclassified = new Map(replay.candidate.run.map((bounce) => [bounce.eventId, bounce]));
  const evidence = comparison.evidence.flatMap((eventId) => {
    const fact = lookup(eventId);
    return fact === undefined ? [] : [evidenceItem(fact, reclassified.get(eventId))];
  });
  return {
    streamId,
    address: comparison.address,
    kind: changeKind(comparison),
    current: comparison.current,
    candidate: comparison.candidate,
    evidence,
    explanation: explainChange(
      {
        view: comparison.current,
        state: replay.current,
        lastDecision: replay.lastCurrentDecision,
        policy: policies.current,
      },
      {
        view: comparison.candidate,
        state: replay.candidate,
        lastDecision: replay.lastCandidateDecision,
        policy: policies.candidate,
      },
    ),
  };
}

function evidenceItem(fact: FactEvent, classification?: Pick<RunBounce, 'class' | 'reason'>): EvidenceItem {
  return {
    eventId: fact.eventId,
    type: fact.type,
    occurredAt: fact.data.occurredAt,
    summary: summariseFact(fact, classification),
  };
}
