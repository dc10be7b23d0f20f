import type { HistoryEntry } from '../../api/types';
import { formatTime } from '../../format';
import { StatusBadge } from '../../status-badge';

/** The audit trail: every event in order, with the status before and after and its plain-language explanation. */
export function HistoryTable({ events }: { events: readonly HistoryEntry[] }) {
  return (
    <div className="overflow-auto">
      <table className="striped" aria-label="History">
        <thead>
          <tr>
            <th>#</th>
            <th>Event</th>
            <th>Occurred</th>
            <th>Recorded</th>
            <th>Status</th>
            <th>Explanation</th>
          </tr>
        </thead>
        <tbody>
          {events.map((entry) => (
            <tr key={entry.eventId}>
              <td>{entry.revision}</td>
              <td>
                <code>{entry.type}</code>
              </td>
              <td>{formatTime(entry.occurredAt)}</td>
              <td>{formatTime(entry.recordedAt)}</td>
              <td className="status-change">
                <StatusBadge status={entry.statusBefore} /> → <StatusBadge status={entry.statusAfter} />
              </td>
              <td>{entry.explanation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
