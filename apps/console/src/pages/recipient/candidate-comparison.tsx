import type { RecipientChange, StatusView } from '../../api/types';
import { formatTime, humanise } from '../../format';
import { Link } from '../../routing/router';
import { StatusBadge } from '../../status-badge';

function describe(view: StatusView): string {
  const parts = [view.cause, view.reason].filter((part): part is string => part !== undefined).map(humanise);
  return parts.length === 0 ? '' : ` (${parts.join(': ')})`;
}

/** Before and after for a recipient the latest simulation listed as changed. */
export function CandidateComparison({ change, candidatePolicy }: { change: RecipientChange; candidatePolicy: string }) {
  return (
    <article className="comparison" aria-label="Under the candidate policy">
      <header>
        <strong>Under the candidate policy {candidatePolicy}</strong> (from the latest simulation,{' '}
        <Link to="/policy">back to the policy</Link>)
      </header>
      <div className="grid">
        <div>
          <small>Before (policy in force)</small>
          <p>
            <StatusBadge status={change.current.status} />
            {describe(change.current)}
          </p>
        </div>
        <div>
          <small>After (candidate)</small>
          <p>
            <StatusBadge status={change.candidate.status} />
            {describe(change.candidate)}
          </p>
        </div>
      </div>
      <p>{change.explanation}</p>
      {change.evidence.length > 0 && (
        <ul>
          {change.evidence.map((item) => (
            <li key={item.eventId}>
              {formatTime(item.occurredAt)}: {item.summary}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
