import type { RecipientChange, StatusView } from '../../api/types';
import { humanise } from '../../format';
import { Link, recipientPath } from '../../routing/router';
import { StatusBadge } from '../../status-badge';

const detail = (view: StatusView) => (view.reason === undefined ? '' : ` ${humanise(view.reason)}`);

/** The recipients the candidate would change, each linking to its page (which shows the before and after). */
export function ChangesTable(props: { changes: readonly RecipientChange[]; limit: number; total: number }) {
  const shown = props.changes.slice(0, props.limit);
  return (
    <div className="overflow-auto">
      <table className="striped" aria-label="Changed recipients">
        <thead>
          <tr>
            <th>Address</th>
            <th>Now</th>
            <th>Under the candidate</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((change) => (
            <tr key={change.streamId}>
              <td>
                <Link to={recipientPath(change.address)}>{change.address}</Link>
              </td>
              <td>
                <StatusBadge status={change.current.status} />
                {detail(change.current)}
              </td>
              <td>
                <StatusBadge status={change.candidate.status} />
                {detail(change.candidate)}
              </td>
              <td>{change.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.total > shown.length && (
        <p>
          … and {(props.total - shown.length).toLocaleString('en-US')} more (
          <code>POST /v1/policy/simulations?format=ndjson</code> lists every one).
        </p>
      )}
    </div>
  );
}
