import { RECIPIENT_STATUSES } from '@app/domain';
import type { RecipientChange, SimulationReport } from '@app/replay';
import { csvLine } from './support/line-writer';
import { describeSimulationSkipped } from './skipped-events';

export const CHANGE_CSV_HEADER = [
  'address',
  'stream_id',
  'change',
  'current_status',
  'current_cause',
  'current_reason',
  'candidate_status',
  'candidate_cause',
  'candidate_reason',
  'evidence',
  'explanation',
];

export function changeCsvLine(change: RecipientChange): string {
  const { current, candidate } = change;
  const evidence = change.evidence.map((item) => `${item.occurredAt} ${item.summary}`).join('; ');
  return csvLine([
    change.address,
    change.streamId,
    change.kind,
    current.status,
    current.cause,
    current.reason,
    candidate.status,
    candidate.cause,
    candidate.reason,
    evidence,
    change.explanation,
  ]);
}

/** The machine-readable report: the figures, the matrix, the examples and the first changes. */
export function reportJson(report: SimulationReport, changes: RecipientChange[]): string {
  return JSON.stringify({ ...report, changes }, null, 2);
}

/** The figures as `metric,from,to,value` rows, one table for spreadsheets. */
export function reportCsv(report: SimulationReport): string[] {
  const { totals, matrix } = report;
  const lines = [csvLine(['metric', 'from', 'to', 'value'])];
  lines.push(csvLine(['recipients', '', '', totals.recipients]));
  lines.push(csvLine(['events', '', '', totals.events]));
  lines.push(csvLine(['changed', '', '', totals.changed]));
  for (const status of RECIPIENT_STATUSES) {
    lines.push(csvLine(['status_current', status, '', totals.current[status]]));
    lines.push(csvLine(['status_candidate', '', status, totals.candidate[status]]));
  }
  for (const from of RECIPIENT_STATUSES) {
    for (const to of RECIPIENT_STATUSES) {
      lines.push(csvLine(['matrix', from, to, matrix[from][to]]));
    }
  }
  for (const [kind, count] of sortedTransitions(report)) {
    lines.push(csvLine(['transition', ...splitKind(kind), count]));
  }
  return lines;
}

/** The report for people. */
export function reportTable(report: SimulationReport, changes: RecipientChange[], outPath?: string): string[] {
  const { totals } = report;
  const lines = [
    `Policy simulation: ${report.currentPolicy} (in force) -> ${report.candidatePolicy} (candidate), evaluated at ${report.now}`,
    `${n(totals.recipients)} recipients, ${n(totals.events)} events, ${n(totals.changed)} would change` +
      ` (${seconds(report.elapsedMs)}, ${n(Math.round(report.eventsPerSecond))} events/s)`,
  ];
  if (report.skippedEvents > 0) {
    const skipped = describeSimulationSkipped(report.skippedEventsBy);
    lines.push(`${skipped[0]!.toUpperCase()}${skipped.slice(1)}.`);
  }
  if (!report.complete) {
    lines.push('INTERRUPTED: the figures cover only the part of the log read before the stop.');
  }
  lines.push('', pad('status', 16) + padLeft('current', 12) + padLeft('candidate', 12) + padLeft('difference', 12));
  for (const status of RECIPIENT_STATUSES) {
    const difference = totals.candidate[status] - totals.current[status];
    lines.push(
      pad(status, 16) +
        padLeft(n(totals.current[status]), 12) +
        padLeft(n(totals.candidate[status]), 12) +
        padLeft(`${difference > 0 ? '+' : ''}${n(difference)}`, 12),
    );
  }
  lines.push('', 'Transition matrix (rows: now, columns: under the candidate)');
  lines.push(pad('', 16) + RECIPIENT_STATUSES.map((status) => padLeft(status, 15)).join(''));
  for (const from of RECIPIENT_STATUSES) {
    lines.push(pad(from, 16) + RECIPIENT_STATUSES.map((to) => padLeft(n(report.matrix[from][to]), 15)).join(''));
  }
  lines.push('', 'Changes');
  const transitions = sortedTransitions(report);
  lines.push(...(transitions.length === 0 ? ['  none'] : transitions.map(([kind, count]) => `  ${kind}: ${n(count)}`)));
  if (changes.length > 0) {
    const where = outPath === undefined ? '' : `; the full list is in ${outPath}`;
    lines.push('', `Recipients that change (first ${n(changes.length)} of ${n(totals.changed)}${where})`);
    for (const change of changes) {
      const evidence = change.evidence.map((item) => item.summary).join('; ');
      lines.push(`  ${change.address}  ${change.kind}${evidence === '' ? '' : `  [${evidence}]`}`);
    }
  }
  if (report.examples.length > 0) {
    lines.push('', 'Why: one example of each kind of change');
    for (const example of report.examples) {
      lines.push(`  ${example.kind} (${example.address})`, `    ${example.explanation}`);
    }
  }
  return lines;
}

function sortedTransitions(report: SimulationReport): [string, number][] {
  return Object.entries(report.totals.transitions).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

function splitKind(kind: string): [string, string] {
  const [from = kind, to = ''] = kind.split(' -> ');
  return [from, to];
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}

function padLeft(text: string, width: number): string {
  return text.padStart(width);
}
