import type { RecipientStatus } from './api/types';
import { STATUS_COLOURS, STATUS_LABELS } from './format';

export function StatusBadge({ status }: { status: RecipientStatus }) {
  return (
    <span className="badge" style={{ backgroundColor: STATUS_COLOURS[status] }}>
      {STATUS_LABELS[status]}
    </span>
  );
}
