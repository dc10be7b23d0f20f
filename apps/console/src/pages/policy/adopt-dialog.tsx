import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import type { PolicyDocument, RecipientChange } from '../../api/types';
import { STATUS_LABELS } from '../../format';
import { adoptionCommand, candidateFileName } from './adoption-command';

const LISTED = 200;

/**
 * Adopting shows exactly what the simulation found will change (every changed recipient, before and after) and asks
 * who adopts it. The API has no adoption route, so confirming gives the exact command that adopts the candidate.
 */
export function AdoptDialog(props: {
  candidate: PolicyDocument;
  inForce: string;
  /** Every changed recipient, or the first of them when there are very many. */
  changes: readonly RecipientChange[];
  /** The simulation's counts: how many change in all, and how many per kind of change. */
  totals: { changed: number; transitions: Record<string, number> };
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [by, setBy] = useState('');
  const [confirmedBy, setConfirmedBy] = useState<string | undefined>();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const { changed, transitions } = props.totals;
  const kinds = Object.entries(transitions).sort(([, a], [, b]) => b - a);
  const [byError, setByError] = useState<string | undefined>();
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (by.trim() === '') {
      setByError('say who adopts the policy: it is kept in the audit');
      return;
    }
    setConfirmedBy(by.trim());
  };
  return (
    <dialog ref={dialog} aria-labelledby="adopt-title" onCancel={props.onClose}>
      <article>
        <h2 id="adopt-title">
          Adopt {props.candidate.version} in place of {props.inForce}?
        </h2>
        <p>
          {changed === 0
            ? 'No recipient changes: every recipient keeps its decisions.'
            : `${changed.toLocaleString('en-US')} recipient${changed === 1 ? '' : 's'} will be re-evaluated and carry “re-evaluated under policy ${props.candidate.version}”; every other recipient keeps its decisions.`}
        </p>
        {kinds.length > 0 && (
          <ul aria-label="Changes by kind">
            {kinds.map(([kind, count]) => (
              <li key={kind}>
                {kind}: {count}
              </li>
            ))}
          </ul>
        )}
        {props.changes.length > 0 && (
          <ul className="adopt-changes" aria-label="Recipients that will change">
            {props.changes.slice(0, LISTED).map((change) => (
              <li key={change.streamId}>
                {change.address}: {STATUS_LABELS[change.current.status]} → {STATUS_LABELS[change.candidate.status]}
              </li>
            ))}
            {changed > LISTED && <li>… and {(changed - LISTED).toLocaleString('en-US')} more</li>}
          </ul>
        )}
        {confirmedBy === undefined ? (
          <form onSubmit={confirm}>
            <label>
              Adopted by
              <input
                name="by"
                value={by}
                onChange={(event) => setBy(event.target.value)}
                placeholder="deliverability@company.test"
                aria-invalid={byError === undefined ? undefined : true}
              />
              <small className={byError === undefined ? undefined : 'field-error'}>
                {byError ?? 'Kept in the adoption and in every re-evaluated recipient’s history.'}
              </small>
            </label>
            <footer>
              <button type="button" className="secondary" onClick={props.onClose}>
                Cancel
              </button>
              <button type="submit">Confirm adoption</button>
            </footer>
          </form>
        ) : (
          <AdoptionInstructions candidate={props.candidate} by={confirmedBy} onClose={props.onClose} />
        )}
      </article>
    </dialog>
  );
}

function AdoptionInstructions(props: { candidate: PolicyDocument; by: string; onClose: () => void }) {
  const command = adoptionCommand(props.candidate, props.by);
  const download = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(props.candidate, null, 2)], { type: 'application/json' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = candidateFileName(props.candidate);
    anchor.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section aria-label="Adoption command">
      <p>
        Adoption is made with the command line, on the service’s host and with its environment. Running services answer
        under the adopted policy at once; reload this page to see it in force.
      </p>
      <pre data-testid="adoption-command">
        <code>{command}</code>
      </pre>
      <footer>
        <button type="button" className="secondary" onClick={download}>
          Download {candidateFileName(props.candidate)}
        </button>
        <button type="button" className="secondary" onClick={() => void navigator.clipboard?.writeText(command)}>
          Copy command
        </button>
        <button type="button" onClick={props.onClose}>
          Done
        </button>
      </footer>
    </section>
  );
}
