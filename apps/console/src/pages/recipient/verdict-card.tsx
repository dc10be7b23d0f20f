import type { HistoryEntry, PolicyDocument, RecipientState, Suppression } from '../../api/types';
import { STATUS_LABELS, formatTime, humanise } from '../../format';
import { StatusBadge } from '../../status-badge';
import { liftAdvice } from './lift-advice';

const DECISIONS = new Set([
  'RecipientSuppressed',
  'RecipientQuarantined',
  'RecipientRestored',
  'QuarantineLifted',
  'RecipientReevaluated',
]);

/**
 * Why the answer is what it is: the latest decision, or, after a restoration was reverted, the revert and the
 * decision it brought back.
 */
function explanationOfAnswer(history: readonly HistoryEntry[]): string | undefined {
  const latest = history.findLastIndex((entry) => DECISIONS.has(entry.type) || entry.type === 'RestorationReverted');
  const entry = history[latest];
  if (entry?.type !== 'RestorationReverted') {
    return entry?.explanation;
  }
  const restored = history.findLastIndex(
    (candidate, index) => index < latest && candidate.type === 'RecipientRestored',
  );
  const broughtBack = history.findLast(
    (candidate, index) => index < restored && DECISIONS.has(candidate.type) && candidate.type !== 'RecipientRestored',
  );
  return broughtBack === undefined ? entry.explanation : `${entry.explanation} ${broughtBack.explanation}`;
}

/** "May I send?": the answer first, then why, since when, under which policy, and what would lift it. */
export function VerdictCard(props: {
  answer: Suppression;
  state: RecipientState | undefined;
  history: readonly HistoryEntry[];
  policy: PolicyDocument | undefined;
}) {
  const { answer, state, history, policy } = props;
  const standing = state?.standing;
  const decidedUnder = standing !== undefined && standing.kind !== 'clear' ? standing.policyVersion : undefined;
  const why =
    history.length === 0
      ? 'Nothing has ever been recorded for this address.'
      : !answer.suppressed && state?.allowlisted !== undefined
        ? state.allowlisted.explanation
        : answer.suppressed || answer.restored
          ? (explanationOfAnswer(history) ?? 'No decision recorded.')
          : `No suppression stands${answer.status === 'soft_bouncing' ? '; soft bounces are being counted' : ''}.`;
  return (
    <article className={`verdict ${answer.suppressed ? 'verdict-no' : 'verdict-yes'}`} aria-label="May I send?">
      <header>
        <p className="verdict-question">May I send to {answer.address}?</p>
        <h2 className="verdict-answer">{answer.suppressed ? 'No — do not send' : 'Yes — you may send'}</h2>
        <StatusBadge status={answer.status} />
        {answer.restored && <span className="badge badge-restored">restored</span>}
      </header>
      <dl className="verdict-facts">
        <dt>Why</dt>
        <dd data-testid="verdict-why">{why}</dd>
        <dt>Status</dt>
        <dd>
          {STATUS_LABELS[answer.status]}
          {answer.cause === undefined ? '' : ` · cause ${humanise(answer.cause)}`}
          {answer.reason === undefined ? '' : ` · reason ${humanise(answer.reason)}`}
        </dd>
        <dt>Since</dt>
        <dd>{formatTime(answer.since)}</dd>
        {answer.until !== undefined && (
          <>
            <dt>Until</dt>
            <dd>{formatTime(answer.until)}</dd>
          </>
        )}
        <dt>Policy</dt>
        <dd>
          {decidedUnder === undefined ? '' : `decided under ${decidedUnder}; `}
          {policy === undefined ? '' : `in force now: ${policy.version}`}
        </dd>
        <dt>What would lift it</dt>
        <dd data-testid="verdict-lift">{liftAdvice(answer, policy)}</dd>
      </dl>
    </article>
  );
}
