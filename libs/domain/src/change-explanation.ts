import type { DecisionEvent, FactEvent, Standing } from './events';
import { describeStanding } from './explanations';
import { formatDuration } from './duration';
import { canonicalJson } from './fact-fingerprint';
import type { Policy } from './policy';
import type { RecipientState, RunBounce } from './recipient-state';
import type { StatusView } from './recipient-status';
import { softBounceRun } from './soft-bounce-run';

/** One side of a simulated change: the answer, the state behind it, its last decision and the policy it is under. */
export interface ChangeSide {
  view: StatusView;
  state: RecipientState;
  lastDecision: DecisionEvent | undefined;
  policy: Policy;
}

/** Why a recipient's answer differs between the policy in force and a candidate, in plain language. */
export function explainChange(current: ChangeSide, candidate: ChangeSide): string {
  return (
    `Under ${current.policy.version} (in force) ${sideText(current)} ` +
    `Under ${candidate.policy.version} ${sideText(candidate)}`
  );
}

/**
 * A fact behind a change in a few words, e.g. "soft bounce, mailbox full (452 4.2.2)"; a bounce is described with
 * `classification` when given (the candidate's, which its overrides may have changed).
 */
export function summariseFact(fact: FactEvent, classification?: Pick<RunBounce, 'class' | 'reason'>): string {
  switch (fact.type) {
    case 'BounceReceived': {
      const { smtp } = fact.data;
      const { class: kind, reason } = classification ?? fact.data.classification;
      const codes = [smtp?.replyCode, smtp?.enhancedStatus].filter((part) => part !== undefined).join(' ');
      const label = `${kind} bounce, ${reason.replace(/_/g, ' ')}`;
      return codes === '' ? label : `${label} (${codes})`;
    }
    case 'DeliverySucceeded':
      return 'delivery';
    case 'AddressCorrected':
      return `address corrected by ${fact.data.by}`;
    case 'SuppressionRequested':
      return `${fact.data.cause} suppression by ${fact.data.by} (${fact.data.reason ?? 'no reason'})`;
    case 'RestorationReverted':
      return `restoration reverted by ${fact.data.by}`;
    case 'ComplaintReceived':
      return `complaint${fact.data.feedbackType === undefined ? '' : ` (${fact.data.feedbackType})`}`;
    case 'UnsubscribeReceived':
      return `unsubscribe from ${fact.data.list === undefined ? 'every list' : `list ${fact.data.list}`}`;
    default: {
      const unknown: never = fact;
      return unknown;
    }
  }
}

function sideText({ view, state, lastDecision, policy }: ChangeSide): string {
  const { standing } = state;
  switch (view.status) {
    case 'suppressed':
    case 'quarantined':
      return `the recipient is ${view.status}: ${standingText(standing, lastDecision)}`;
    case 'soft_bouncing':
      return (
        `the recipient is soft bouncing until ${view.until ?? '?'}: ${runText(state, policy)}; ` +
        `it would be quarantined at ${policy.quarantineAt} and suppressed at ${policy.softBounceLimit}.`
      );
    case 'deliverable': {
      const expired = standing.kind === 'quarantined' ? ` Its quarantine ended at ${standing.until}.` : '';
      const restored =
        view.restored && lastDecision?.type === 'RecipientRestored' ? ` ${lastDecision.data.explanation}` : '';
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
