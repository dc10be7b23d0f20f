import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/api-client';
import type { SuppressionFilter } from '../../api/endpoints';
import { listSuppressions } from '../../api/endpoints';
import type { Suppression } from '../../api/types';
import { Chart } from '../../charts/chart';
import { countsOption } from '../../charts/counts-option';
import { formatTime, humanise } from '../../format';
import { Link, recipientPath } from '../../routing/router';
import { StatusBadge } from '../../status-badge';
import { useAsync } from '../../use-async';
import { countsOverTime } from './suppression-counts';

const PAGE_SIZE = 1000;
/** The charts and the table read at most this many rows; the page says when there are more. */
const MAX_ROWS = 10_000;
const ROWS_SHOWN_STEP = 100;
const CAUSES = ['hard_bounce', 'soft_bounce_limit', 'complaint', 'unsubscribed', 'manual', 'imported'];
/** By the humanised names the charts show. */
const CAUSE_COLOURS: Record<string, string> = {
  'hard bounce': '#c62828',
  'soft bounce limit': '#f9a825',
  complaint: '#ad1457',
  unsubscribed: '#546e7a',
  manual: '#1565c0',
  imported: '#6a1b9a',
  quarantine: '#ef6c00',
};

async function loadAll(filter: SuppressionFilter): Promise<{ items: Suppression[]; truncated: boolean }> {
  const items: Suppression[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSuppressions(filter, cursor, PAGE_SIZE);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < MAX_ROWS);
  return { items, truncated: cursor !== undefined };
}

export function SuppressionsPage() {
  const [filter, setFilter] = useState<SuppressionFilter>({});
  const [loaded] = useAsync(() => loadAll(filter), JSON.stringify(filter));
  return (
    <section>
      <h1>Suppressions</h1>
      <p>
        Recipients you may not send to now: suppressed, or quarantined until their quarantine ends. An allowlisted one
        is listed too, as deliverable: its suppression is recorded, but the allowlist withholds it.
      </p>
      <Filters onApply={setFilter} error={loaded.state === 'failed' ? loaded.error : undefined} />
      {loaded.state === 'loading' && <p aria-busy="true">Loading suppressions…</p>}
      {loaded.state === 'done' && <Results items={loaded.value.items} truncated={loaded.value.truncated} />}
    </section>
  );
}

function Filters({ onApply, error }: { onApply: (filter: SuppressionFilter) => void; error: Error | undefined }) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => {
      const entry = form.get(name);
      return typeof entry === 'string' ? entry.trim() : '';
    };
    const since = value('since');
    onApply({
      status: value('status'),
      cause: value('cause'),
      reason: value('reason'),
      since: since === '' ? '' : new Date(`${since}T00:00:00Z`).toISOString(),
    });
  };
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldMessage(field) : undefined);
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <div className="grid">
        <label>
          Status
          <select name="status" defaultValue="">
            <option value="">any</option>
            <option value="suppressed">suppressed</option>
            <option value="quarantined">quarantined</option>
          </select>
        </label>
        <label>
          Cause
          <select name="cause" defaultValue="">
            <option value="">any</option>
            {CAUSES.map((cause) => (
              <option key={cause} value={cause}>
                {humanise(cause)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <input
            name="reason"
            placeholder="e.g. mailbox_unknown"
            aria-invalid={fieldError('reason') ? true : undefined}
          />
          {fieldError('reason') !== undefined && <small className="field-error">{fieldError('reason')}</small>}
        </label>
        <label>
          Since (UTC day)
          <input name="since" type="date" />
        </label>
      </div>
      <button type="submit">Apply filters</button>
      {error !== undefined && <p className="field-error">{error.message}</p>}
    </form>
  );
}

function Results({ items, truncated }: { items: Suppression[]; truncated: boolean }) {
  const [shown, setShown] = useState(ROWS_SHOWN_STEP);
  const byCause = useMemo(() => countsOption(countsOverTime(items, 'cause'), CAUSE_COLOURS), [items]);
  const byReason = useMemo(() => countsOption(countsOverTime(items, 'reason')), [items]);
  if (items.length === 0) {
    return <p>No recipients match: everyone matching these filters may be sent to.</p>;
  }
  return (
    <>
      <p>
        <strong>{items.length.toLocaleString('en-US')}</strong> recipient{items.length === 1 ? '' : 's'}
        {truncated ? ` (the first ${MAX_ROWS.toLocaleString('en-US')}; narrow the filters to see the rest)` : ''}.
      </p>
      <div className="grid charts">
        <figure>
          <figcaption>By cause, by the day the suppression began</figcaption>
          <Chart option={byCause} label="Suppressions by cause over time" height={260} />
        </figure>
        <figure>
          <figcaption>By reason, by the day the suppression began</figcaption>
          <Chart option={byReason} label="Suppressions by reason over time" height={260} />
        </figure>
      </div>
      <div className="overflow-auto">
        <table className="striped" aria-label="Suppressions">
          <thead>
            <tr>
              <th>Address</th>
              <th>Status</th>
              <th>Cause</th>
              <th>Reason</th>
              <th>Since</th>
              <th>Until</th>
            </tr>
          </thead>
          <tbody>
            {items.slice(0, shown).map((item) => (
              <tr key={item.address}>
                <td>
                  <Link to={recipientPath(item.address)}>{item.address}</Link>
                </td>
                <td>
                  <StatusBadge status={item.status} />
                  {item.allowlisted === true && ' allowlisted'}
                </td>
                <td>{humanise(item.cause ?? (item.status === 'quarantined' ? 'quarantine' : undefined))}</td>
                <td>{humanise(item.reason)}</td>
                <td>{formatTime(item.since)}</td>
                <td>{formatTime(item.until)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown < items.length && (
        <button type="button" className="secondary" onClick={() => setShown(shown + ROWS_SHOWN_STEP)}>
          Show more
        </button>
      )}
    </>
  );
}
