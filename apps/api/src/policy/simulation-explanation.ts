import type {
  DecisionEvent,
  FactEvent,
  Policy,
  RecipientComparison,
  RecipientState,
  RunBounce,
  Standing,
  StatusView,
} from '@app/domain';
import { canonicalJson, changeKind, describeStanding, formatDuration, softBounceRun } from '@app/domain';
import type { FactLookup, RecipientReplay } from './recipient-replay';
import type { EvidenceItem, RecipientChange } from './simulation-report';

/** A changed recipient with its evidence and a sentence for each side, for reports and the audit of a simulation. */
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
    return fact === undefined ? [] : [describeFact(fact, reclassified.get(eventId))];
  });
  const now = sideText(comparison.current, replay.lastCurrentDecision, replay.current, policies.current);
  const then = sideText(comparison.candidate, replay.lastCandidateDecision, replay.candidate, policies.candidate);
  return {
    streamId,
    address: comparison.address,
    kind: changeKind(comparison),
    current: comparison.current,
    candidate: comparison.candidate,
    evidence,
    explanation: `Under ${policies.current.version} (in force) ${now} Under ${policies.candidate.version} ${then}`,
  };
}

export function describeFact(fact: FactEvent, classification?: Pick<RunBounce, 'class' | 'reason'>): EvidenceItem {
  const base = { eventId: fact.eventId, type: fact.type, occurredAt: fact.data.occurredAt };
  switch (fact.type) {
    case 'BounceReceived': {
      const { smtp } = fact.data;
      const { class: kind, reason } = classification ?? fact.data.classification;
      const codes = [smtp?.replyCode, smtp?.enhancedStatus].filter((part) => part !== undefined).join(' ');
      const label = `${kind} bounce, ${reason.replace(/_/g, ' ')}`;
      return { ...base, summary: codes === '' ? label : `${label} (${codes})` };
    }
    case 'DeliverySucceeded':
      return { ...base, summary: 'delivery' };
    case 'AddressCorrected':
      return { ...base, summary: `address corrected by ${fact.data.by}` };
    case 'SuppressionRequested':
      return {
        ...base,
        summary: `${fact.data.cause} suppression by ${fact.data.by} (${fact.data.reason ?? 'no reason'})`,
      };
    case 'RestorationReverted':
      return { ...base, summary: `restoration reverted by ${fact.data.by}` };
    default: {
      const unknown: never = fact;
      return unknown;
    }
  }
}

function sideText(
  view: StatusView,
  decision: DecisionEvent | undefined,
  state: RecipientState,
  policy: Policy,
): string {
  const { standing } = state;
  switch (view.status) {
    case 'suppressed':
    case 'quarantined':
      return `the recipient is ${view.status}: ${standingText(standing, decision)}`;
    case 'soft_bouncing':
      return (
        `the recipient is soft bouncing until ${view.until ?? '?'}: ${runText(state, policy)}; ` +
        `it would be quarantined at ${policy.quarantineAt} and suppressed at ${policy.softBounceLimit}.`
      );
    case 'deliverable': {
      const expired = standing.kind === 'quarantined' ? ` Its quarantine ended at ${standing.until}.` : '';
      const restored = view.restored && decision?.type === 'RecipientRestored' ? ` ${decision.data.explanation}` : '';
      return `the recipient is deliverable: ${runText(state, policy)}.${expired}${restored}`;
    }
    default: {
      const unknown: never = view.status;
      return unknown;
    }
  }
}

/**
 * The explanation recorded with the decision that set the standing, when the last decision is that one; otherwise
 * (the standing came back through a revert, say) a description of the standing itself.
 */
function standingText(standing: Standing, decision: DecisionEvent | undefined): string {
  if (standing.kind === 'clear') {
    return 'no suppression or quarantine stands.';
  }
  const setIt =
    decision !== undefined &&
    (((decision.type === 'RecipientSuppressed' || decision.type === 'RecipientQuarantined') &&
      decision.recordedAt === standing.since) ||
      (decision.type === 'RecipientReevaluated' && canonicalJson(decision.data.standing) === canonicalJson(standing)));
  if (setIt) {
    return decision.data.explanation;
  }
  return `${describeStanding(standing)}, decided at ${standing.since} under policy ${standing.policyVersion}.`;
}

function runText(state: RecipientState, policy: Policy): string {
  const run = softBounceRun(state, policy);
  const newest = run[run.length - 1];
  if (newest === undefined) {
    return 'no counting soft bounce since the last delivery';
  }
  const count = `${run.length} counting soft bounce${run.length === 1 ? '' : 's'} since the last delivery`;
  return `${count} within ${formatDuration(policy.softBounceWindowMs)}, the newest at ${new Date(newest.occurredAt).toISOString()}`;
}
