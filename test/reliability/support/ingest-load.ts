import { BENCH_AUTHORIZATION } from '../../../bench/support/bench-process';
import type { IngestRequest } from './ingest-facts';

/** How one request ended: an HTTP answer, or an error when none came (connection refused or cut, timeout). */
export interface IngestOutcome {
  request: IngestRequest;
  status?: number;
  body?: any;
  error?: unknown;
}

export interface IngestLoadOptions {
  baseUrl: string;
  /** Requests in flight at once. */
  workers: number;
  /** The next request to send; undefined when there is nothing left. */
  next(): IngestRequest | undefined;
  onOutcome(outcome: IngestOutcome): void;
  /** No request starts after this moment (epoch ms)... */
  until: number;
  /** ...nor after this many requests... */
  maxRequests: number;
  /** ...nor once this is aborted; requests in flight run to their end. */
  signal?: AbortSignal;
  requestTimeoutMs?: number;
}

/** Sends requests from `next` with `workers` in flight until one of the limits is reached; resolves with the count. */
export async function runIngestLoad(options: IngestLoadOptions): Promise<number> {
  let sent = 0;
  const more = (): boolean =>
    sent < options.maxRequests && Date.now() < options.until && options.signal?.aborted !== true;
  const worker = async (): Promise<void> => {
    while (more()) {
      const request = options.next();
      if (request === undefined) {
        return;
      }
      sent++;
      options.onOutcome(await attempt(options.baseUrl, request, options.requestTimeoutMs ?? 15_000));
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  return sent;
}

async function attempt(baseUrl: string, request: IngestRequest, timeoutMs: number): Promise<IngestOutcome> {
  try {
    const response = await fetch(baseUrl + request.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // A connection cut while the body streams in rejects here too: that request got no answer.
    const text = await response.text();
    return { request, status: response.status, body: parsed(text) };
  } catch (error) {
    return { request, error };
  }
}

function parsed(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}
