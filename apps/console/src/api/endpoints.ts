import { apiFetch, apiJson } from './api-client';
import type {
  Page,
  PolicyDocument,
  RecipientChange,
  RecipientHistory,
  RecipientState,
  Restoration,
  SimulationReport,
  Suppression,
} from './types';

const address = (value: string) => encodeURIComponent(value.trim());

export const getSuppression = (value: string) => apiJson<Suppression>(`/v1/suppressions/${address(value)}`);
export const getRecipient = (value: string) => apiJson<RecipientState>(`/v1/recipients/${address(value)}`);
export const getHistory = (value: string) => apiJson<RecipientHistory>(`/v1/recipients/${address(value)}/history`);
export const getPolicy = () => apiJson<PolicyDocument>('/v1/policy');

export interface SuppressionFilter {
  status?: string;
  cause?: string;
  reason?: string;
  since?: string;
}

export function listSuppressions(filter: SuppressionFilter, cursor?: string, limit = 100): Promise<Page<Suppression>> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') {
      query.set(key, value);
    }
  }
  if (cursor !== undefined) {
    query.set('cursor', cursor);
  }
  return apiJson<Page<Suppression>>(`/v1/suppressions?${query.toString()}`);
}

export const listRestorations = (value: string) =>
  apiJson<Page<Restoration>>(`/v1/restorations?address=${address(value)}&limit=100`);

export const revertRestoration = (restorationId: string, by: string, note: string) =>
  apiJson<Suppression>(`/v1/restorations/${encodeURIComponent(restorationId)}/revert`, {
    method: 'POST',
    body: note.trim() === '' ? { by } : { by, note },
  });

export interface SimulationListener {
  onChange(change: RecipientChange): void;
}

/**
 * Runs a simulation as a stream (`format=ndjson`): each changed recipient arrives as soon as the replay finds it, so
 * the page can show progress; the report is the last line. Aborting the signal stops the replay on the server.
 */
export async function simulatePolicy(
  candidate: unknown,
  listener: SimulationListener,
  signal?: AbortSignal,
): Promise<SimulationReport> {
  const response = await apiFetch('/v1/policy/simulations?format=ndjson', { method: 'POST', body: candidate, signal });
  if (response.body === null) {
    throw new Error('The simulation answered without a body');
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  let report: SimulationReport | undefined;
  const handle = (line: string) => {
    if (line.trim() === '') {
      return;
    }
    const parsed = JSON.parse(line) as { type: string; problem?: { detail?: string } };
    if (parsed.type === 'change') {
      listener.onChange(parsed as unknown as RecipientChange);
    } else if (parsed.type === 'report') {
      report = parsed as unknown as SimulationReport;
    } else if (parsed.type === 'error') {
      throw new Error(`The simulation failed: ${parsed.problem?.detail ?? 'unknown error'}`);
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    buffered += value;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    lines.forEach(handle);
  }
  handle(buffered);
  if (report === undefined) {
    throw new Error('The simulation ended without its report');
  }
  return report;
}
