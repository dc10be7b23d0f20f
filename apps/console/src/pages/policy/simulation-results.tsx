import { useMemo } from 'react';
import { Chart } from '../../charts/chart';
import { heatMapOption } from '../../charts/heat-map-option';
import type { LastSimulation } from '../../state/last-simulation';
import { ChangesTable } from './changes-table';

const SHOWN_CHANGES = 500;

export function SimulationResults({ simulation, onAdopt }: { simulation: LastSimulation; onAdopt: () => void }) {
  const { report, changes } = simulation;
  const heatMap = useMemo(() => heatMapOption(report.matrix), [report.matrix]);
  const number = (value: number) => value.toLocaleString('en-US');
  return (
    <section aria-label="Simulation results">
      <h2>
        {report.candidatePolicy} against {report.currentPolicy}
      </h2>
      <p data-testid="simulation-totals">
        Replayed {number(report.totals.recipients)} recipients ({number(report.totals.events)} events) in{' '}
        {number(Math.round(report.elapsedMs))} ms: <strong>{number(report.totals.changed)} would change</strong>
        {report.complete ? '.' : ' (stopped early: the figures cover what was read).'}
      </p>
      <div className="grid">
        <figure>
          <figcaption>Transitions: status now (rows) and under the candidate (columns)</figcaption>
          <Chart option={heatMap} label="Transition matrix heat map" height={320} />
        </figure>
        <div>
          <h3>Adopt</h3>
          <p>
            Adopting records {report.candidatePolicy} as the policy in force and re-evaluates exactly the recipients
            listed below.
          </p>
          <button type="button" onClick={onAdopt} disabled={!report.complete}>
            Adopt {report.candidatePolicy}…
          </button>
        </div>
      </div>
      <h3>Changed recipients</h3>
      {changes.length === 0 ? (
        <p>No recipient would change.</p>
      ) : (
        <ChangesTable changes={changes} limit={SHOWN_CHANGES} total={report.totals.changed} />
      )}
    </section>
  );
}
