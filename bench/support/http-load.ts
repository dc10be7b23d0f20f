import autocannon from 'autocannon';
import { BENCH_AUTHORIZATION } from './bench-process';

/**
 * HTTP load for the benchmarks: autocannon runs bounded in time and request count, and the ingest workload of the
 * HTTP and projection-lag benchmarks (bounces and deliveries for many recipients, a tenth aimed at a few hot ones).
 */
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
export const RECIPIENTS = 100_000;
export const HOT = 100;
/** A ceiling far above any rate this machine reaches, so a run also ends by count. */
const MAX_REQUESTS_PER_SECOND = 500_000;

const SMTP = [
  { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
  { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
  { replyCode: 421, enhancedStatus: '4.7.0', diagnostic: '421 4.7.0 Try again later, closing connection.' },
  { replyCode: 451, enhancedStatus: '4.3.0', diagnostic: '451 4.3.0 Temporary server error' },
];

let sequence = 0;

export function address(): string {
  const n = Math.random() < 0.1 ? Math.floor(Math.random() * HOT) : Math.floor(Math.random() * RECIPIENTS);
  return `user${n}@example.com`;
}

/** One command for `POST /v1/bounces` or `POST /v1/deliveries`: 70% bounces with assorted replies. */
export function command(): { path: string; body: Record<string, unknown> } {
  const occurredAt = new Date(Date.now() - 1000).toISOString();
  const messageId = `m-${process.pid}-${++sequence}`;
  if (Math.random() < 0.3) {
    return { path: '/v1/deliveries', body: { address: address(), occurredAt, messageId } };
  }
  const smtp = SMTP[sequence % SMTP.length];
  return { path: '/v1/bounces', body: { address: address(), occurredAt, messageId, smtp } };
}

export interface LoadOptions {
  connections: number;
  method: 'GET' | 'POST';
  next: () => { path: string; body?: unknown };
  onResponse?: (status: number, body: string) => void;
}

export function load(url: string, options: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: options.connections,
    duration: DURATION_S,
    maxOverallRequests: DURATION_S * MAX_REQUESTS_PER_SECOND,
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const { path, body } = options.next();
          return {
            ...request,
            path,
            // The baseline ignores the token; the service checks it, as it does for every client.
            headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          };
        },
        ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
      },
    ],
  });
}

/** Successful responses per second of the run's real duration: failures are not throughput. */
export function successRate(result: autocannon.Result): number {
  return result['2xx'] / result.duration;
}

export function failures(result: autocannon.Result): number {
  return result.non2xx + result.errors + result.timeouts;
}
