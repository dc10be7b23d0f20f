import type { FormEvent } from 'react';
import { useState } from 'react';
import { ApiError } from '../../api/api-client';
import { revertRestoration } from '../../api/endpoints';
import type { Restoration } from '../../api/types';
import { formatTime, humanise } from '../../format';

function previousStanding(restoration: Restoration): string {
  const { previous } = restoration;
  switch (previous.kind) {
    case 'clear':
      return 'clear';
    case 'quarantined':
      return `quarantined until ${formatTime(previous.until)}`;
    case 'suppressed':
      return `suppressed (${humanise(previous.cause)}: ${humanise(previous.reason)})`;
    default: {
      const unknown: never = previous;
      return unknown;
    }
  }
}

/** Restorations of this address; an active one can be reverted, saying who and why. */
export function RestorationsPanel(props: { restorations: readonly Restoration[]; onReverted: () => void }) {
  if (props.restorations.length === 0) {
    return <p>No restorations.</p>;
  }
  return (
    <div className="overflow-auto">
      <table aria-label="Restorations">
        <thead>
          <tr>
            <th>Restored</th>
            <th>Replaced</th>
            <th>State</th>
            <th>Revert</th>
          </tr>
        </thead>
        <tbody>
          {props.restorations.map((restoration) => (
            <tr key={restoration.restorationId}>
              <td>{formatTime(restoration.restoredAt)}</td>
              <td>{previousStanding(restoration)}</td>
              <td>{restorationOutcome(restoration)}</td>
              <td>
                {restoration.state === 'active' && (
                  <RevertForm restorationId={restoration.restorationId} onReverted={props.onReverted} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RevertForm({ restorationId, onReverted }: { restorationId: string; onReverted: () => void }) {
  const [by, setBy] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await revertRestoration(restorationId, by, note);
      onReverted();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };
  const byError = error instanceof ApiError ? error.fieldMessage('by') : undefined;
  return (
    <form className="revert-form" onSubmit={(event) => void submit(event)}>
      <input
        name="by"
        placeholder="by (who reverts)"
        aria-label="Reverted by"
        value={by}
        onChange={(event) => setBy(event.target.value)}
        aria-invalid={byError === undefined ? undefined : true}
        required
      />
      {byError !== undefined && <small className="field-error">{byError}</small>}
      <input
        name="note"
        placeholder="note"
        aria-label="Note"
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit" className="secondary" aria-busy={busy} disabled={busy}>
        Revert restoration
      </button>
      {error !== undefined && byError === undefined && <small className="field-error">{error.message}</small>}
    </form>
  );
}

/** Active, reverted by someone, or superseded: a later suppression ended it, so it can no longer be reverted. */
function restorationOutcome(restoration: Restoration): string {
  switch (restoration.state) {
    case 'active':
      return 'active';
    case 'superseded':
      return `superseded by a later suppression at ${formatTime(restoration.endedAt)}`;
    case 'reverted':
      return `reverted by ${restoration.revertedBy ?? '?'} at ${formatTime(restoration.endedAt)}${
        restoration.note === null ? '' : ` — “${restoration.note}”`
      }`;
  }
}
