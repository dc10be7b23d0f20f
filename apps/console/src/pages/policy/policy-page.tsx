import { useRef, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { getPolicy, simulatePolicy } from '../../api/endpoints';
import type { PolicyDocument, RecipientChange } from '../../api/types';
import { describeDuration } from '../../duration';
import { saveLastSimulation, useLastSimulation } from '../../state/last-simulation';
import { useAsync } from '../../use-async';
import { AdoptDialog } from './adopt-dialog';
import type { FieldErrors } from './candidate-editor';
import { CandidateEditor, editorFieldOf } from './candidate-editor';
import type { CandidateFields } from './candidate-fields';
import { documentOf, fieldsOf } from './candidate-fields';
import { SimulationResults } from './simulation-results';

/** Changed recipients kept for the page (the stream may hold millions; the report counts them all). */
const MAX_KEPT_CHANGES = 10_000;

export function PolicyPage() {
  const [policy] = useAsync(getPolicy, 'policy');
  if (policy.state === 'loading') {
    return <p aria-busy="true">Loading the policy…</p>;
  }
  if (policy.state === 'failed') {
    return <p className="field-error">{policy.error.message}</p>;
  }
  return (
    <section>
      <h1>Policy</h1>
      <PolicyInForce policy={policy.value} />
      <CandidateWorkbench key={policy.value.version} inForce={policy.value} />
    </section>
  );
}

function PolicyInForce({ policy }: { policy: PolicyDocument }) {
  const { softBounce } = policy;
  return (
    <article aria-label="Policy in force">
      <header>
        In force: <strong>{policy.version}</strong>
      </header>
      <ul>
        <li>Hard bounces: {policy.hardBounce.action}</li>
        <li>
          Soft bounces: quarantined at {softBounce.quarantineAt} for {describeDuration(softBounce.quarantineFor)},
          suppressed at {softBounce.limit}, within {describeDuration(softBounce.window)}
        </li>
        <li>Undetermined bounces: {policy.undetermined.replace(/_/g, ' ')}</li>
        <li>Restore on delivery: {policy.restoreOnDelivery ? 'yes' : 'no'}</li>
        <li>
          {policy.overrides.length} classification override{policy.overrides.length === 1 ? '' : 's'}
        </li>
      </ul>
    </article>
  );
}

type Run =
  { state: 'idle' } | { state: 'running'; found: number; startedAt: number } | { state: 'failed'; message: string };

function CandidateWorkbench({ inForce }: { inForce: PolicyDocument }) {
  const last = useLastSimulation();
  const [fields, setFields] = useState<CandidateFields>(
    last === undefined ? { ...fieldsOf(inForce), version: `${inForce.version}-candidate` } : fieldsOf(last.candidate),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [run, setRun] = useState<Run>({ state: 'idle' });
  const [adopting, setAdopting] = useState(false);
  const stop = useRef<AbortController | undefined>(undefined);
  const simulation = last?.report.currentPolicy === inForce.version ? last : undefined;

  const simulate = async () => {
    const candidate = documentOf(fields);
    if (!candidate.ok) {
      setErrors({ [candidate.field]: [candidate.message] });
      return;
    }
    setErrors({});
    saveLastSimulation(undefined);
    const controller = new AbortController();
    stop.current = controller;
    const changes: RecipientChange[] = [];
    let found = 0;
    setRun({ state: 'running', found: 0, startedAt: Date.now() });
    try {
      const report = await simulatePolicy(
        candidate.document,
        {
          onChange: (change) => {
            found++;
            if (changes.length < MAX_KEPT_CHANGES) {
              changes.push(change);
            }
            setRun((current) => (current.state === 'running' ? { ...current, found } : current));
          },
        },
        controller.signal,
      );
      saveLastSimulation({ candidate: candidate.document, report, changes });
      setRun({ state: 'idle' });
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) {
        const byField: FieldErrors = {};
        for (const problem of error.errors) {
          const field = editorFieldOf(problem.field);
          const message = field === 'general' ? `${problem.field}: ${problem.message}` : problem.message;
          (byField[field] ??= []).push(field === 'overrides' ? `${problem.field}: ${problem.message}` : message);
        }
        setErrors(byField);
        setRun({ state: 'idle' });
      } else if (controller.signal.aborted) {
        setRun({ state: 'failed', message: 'Simulation stopped.' });
      } else {
        setRun({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  return (
    <>
      <h2>Candidate</h2>
      <form
        aria-label="Candidate policy"
        onSubmit={(event) => {
          event.preventDefault();
          void simulate();
        }}
      >
        <CandidateEditor fields={fields} errors={errors} onChange={setFields} />
        {run.state === 'running' ? (
          <div className="simulation-progress" role="status">
            <progress />
            <span>
              Replaying every recipient’s history… {run.found.toLocaleString('en-US')} changed recipient
              {run.found === 1 ? '' : 's'} found so far
            </span>
            <button type="button" className="secondary" onClick={() => stop.current?.abort()}>
              Stop
            </button>
          </div>
        ) : (
          <button type="submit">Run simulation</button>
        )}
        {run.state === 'failed' && <p className="field-error">{run.message}</p>}
      </form>
      {simulation !== undefined && run.state !== 'running' && (
        <SimulationResults simulation={simulation} onAdopt={() => setAdopting(true)} />
      )}
      {adopting && simulation !== undefined && (
        <AdoptDialog
          candidate={simulation.candidate}
          inForce={inForce.version}
          changes={simulation.changes}
          totals={simulation.report.totals}
          onClose={() => setAdopting(false)}
        />
      )}
    </>
  );
}
