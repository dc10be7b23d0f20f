import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import { getHistory, getPolicy, getRecipient, getSuppression, listRestorations } from '../../api/endpoints';
import type { HistoryEntry, RecipientState } from '../../api/types';
import { Chart } from '../../charts/chart';
import { timelineOption } from '../../charts/timeline-option';
import { navigate, recipientPath } from '../../routing/router';
import { useLastSimulation } from '../../state/last-simulation';
import { useAsync } from '../../use-async';
import { CandidateComparison } from './candidate-comparison';
import { HistoryTable } from './history-table';
import { RestorationsPanel } from './restorations-panel';
import { VerdictCard } from './verdict-card';

/** An address never seen has no state and no history: the API answers 404, which here just means "nothing yet". */
async function unlessNeverSeen<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return undefined;
    }
    throw error;
  }
}

async function loadRecipient(address: string) {
  const [answer, state, history, restorations, policy] = await Promise.all([
    getSuppression(address),
    unlessNeverSeen<RecipientState>(getRecipient(address)),
    unlessNeverSeen(getHistory(address)),
    listRestorations(address),
    getPolicy(),
  ]);
  return { answer, state, events: history?.events ?? [], restorations: restorations.items, policy };
}

export function RecipientPage({ address }: { address: string | undefined }) {
  return (
    <section>
      <h1>Recipient</h1>
      <AddressSearch initial={address ?? ''} />
      {address !== undefined && <RecipientDetails key={address} address={address} />}
    </section>
  );
}

function AddressSearch({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim() !== '') {
      navigate(recipientPath(value.trim()));
    }
  };
  return (
    <form role="search" onSubmit={submit}>
      <input
        type="search"
        name="address"
        placeholder="jane.doe@example.com"
        aria-label="Address"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit">Look up</button>
    </form>
  );
}

function RecipientDetails({ address }: { address: string }) {
  const [loaded, reload] = useAsync(() => loadRecipient(address), address);
  const simulation = useLastSimulation();
  if (loaded.state === 'loading') {
    return <p aria-busy="true">Looking up {address}…</p>;
  }
  if (loaded.state === 'failed') {
    const fieldError = loaded.error instanceof ApiError ? loaded.error.fieldMessage('address') : undefined;
    return (
      <p className="field-error" role="alert">
        {fieldError ?? loaded.error.message}
      </p>
    );
  }
  const { answer, state, events, restorations, policy } = loaded.value;
  const change = simulation?.changes.find((candidate) => candidate.address === answer.address);
  return (
    <>
      <VerdictCard answer={answer} state={state} history={events} policy={policy} />
      {change !== undefined && simulation !== undefined && (
        <CandidateComparison change={change} candidatePolicy={simulation.report.candidatePolicy} />
      )}
      {events.length > 0 && (
        <>
          <h2>Timeline</h2>
          <Timeline events={events} state={state} window={policy.softBounce.window} />
          <h2>History</h2>
          <HistoryTable events={events} />
        </>
      )}
      <h2>Restorations</h2>
      <RestorationsPanel restorations={restorations} onReverted={reload} />
    </>
  );
}

function Timeline(props: { events: HistoryEntry[]; state: RecipientState | undefined; window: string }) {
  const option = useMemo(
    () => timelineOption(props.events, props.state, props.window, Date.now()),
    [props.events, props.state, props.window],
  );
  return <Chart option={option} label="Timeline of events with status bands and the soft-bounce window" height={300} />;
}
