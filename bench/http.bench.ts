import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { ServerProcess } from './support/bench-process';
import { startServer } from './support/bench-process';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * HTTP figures of the embedded service against bare Fastify baselines, measured in the same run on the same
 * machine. The load generator shares the two cores with the server, so ratios matter more than absolutes.
 */
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const RECIPIENTS = 100_000;
const HOT = 100;

const SMTP = [
  { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
  { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
  { replyCode: 421, enhancedStatus: '4.7.0', diagnostic: '421 4.7.0 Try again later, closing connection.' },
  { replyCode: 451, enhancedStatus: '4.3.0', diagnostic: '451 4.3.0 Temporary server error' },
];

let sequence = 0;
function address(): string {
  const n = Math.random() < 0.1 ? Math.floor(Math.random() * HOT) : Math.floor(Math.random() * RECIPIENTS);
  return `user${n}@example.com`;
}

function command(): { path: string; body: Record<string, unknown> } {
  const occurredAt = new Date(Date.now() - 1000).toISOString();
  const messageId = `m-${process.pid}-${++sequence}`;
  if (Math.random() < 0.3) {
    return { path: '/v1/deliveries', body: { address: address(), occurredAt, messageId } };
  }
  const smtp = SMTP[sequence % SMTP.length];
  return { path: '/v1/bounces', body: { address: address(), occurredAt, messageId, smtp } };
}

async function load(
  url: string,
  options: { connections: number; method: 'GET' | 'POST'; next: () => { path: string; body?: unknown } },
): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: options.connections,
    duration: DURATION_S,
    requests: [
      {
        method: options.method,
        setupRequest: (request) => {
          const { path, body } = options.next();
          return {
            ...request,
            path,
            headers: { 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          };
        },
      },
    ],
  });
}

function failures(result: autocannon.Result): number {
  return result.non2xx + result.errors + result.timeouts;
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  let api: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  try {
    bare = await startServer('dist/bench/baselines/bare-fastify.js', { DATA_DIR: dataDir }, 3999);
    const bareAppend = await load(bare.url, {
      connections: 64,
      method: 'POST',
      next: () => ({ path: '/append', body: command().body }),
    });
    const bareLookup = await load(bare.url, {
      connections: 32,
      method: 'GET',
      next: () => ({ path: `/lookup/${address()}` }),
    });
    await bare.stop();

    api = await startServer('dist/apps/api/src/main.js', { DATA_DIR: join(dataDir, 'api') }, 3998);
    figures.push({
      name: 'cold start to healthy',
      value: api.startMs,
      unit: 'ms',
      target: '<= 1500',
      met: api.startMs <= 1500,
    });
    const ingest = await load(api.url, { connections: 64, method: 'POST', next: command });
    const ingestRatio = ingest.requests.average / bareAppend.requests.average;
    figures.push(
      {
        name: 'ingest commands/s',
        value: ingest.requests.average,
        unit: 'req/s',
        target: '>= 5000',
        met: ingest.requests.average >= 5000,
      },
      { name: 'ingest p50', value: ingest.latency.p50, unit: 'ms' },
      { name: 'ingest p99', value: ingest.latency.p99, unit: 'ms', target: '<= 20', met: ingest.latency.p99 <= 20 },
      { name: 'ingest failures', value: failures(ingest), unit: 'responses' },
      { name: 'bare durable append', value: bareAppend.requests.average, unit: 'req/s' },
      { name: 'ingest / bare append', value: ingestRatio, unit: 'ratio', target: '>= 1.2', met: ingestRatio >= 1.2 },
    );

    let batchEvents = 0;
    const batch = await load(api.url, {
      connections: 4,
      method: 'POST',
      next: () => {
        const events = Array.from({ length: 1000 }, () => {
          const { path, body } = command();
          return { type: path === '/v1/deliveries' ? 'delivery' : 'bounce', ...body };
        });
        batchEvents += 1000;
        return { path: '/v1/events:batch', body: { events } };
      },
    });
    const batchRate = (batch.requests.total * 1000) / DURATION_S;
    figures.push(
      {
        name: 'batch ingest events/s',
        value: batchRate,
        unit: 'events/s',
        target: '>= 50000',
        met: batchRate >= 50_000,
      },
      { name: 'batch failures', value: failures(batch), unit: 'responses' },
    );

    const check = await load(api.url, {
      connections: 32,
      method: 'GET',
      next: () => ({ path: `/v1/suppressions/${address()}` }),
    });
    const checkRatio = check.requests.average / bareLookup.requests.average;
    figures.push(
      { name: 'single check', value: check.requests.average, unit: 'req/s' },
      { name: 'single check p99', value: check.latency.p99, unit: 'ms', target: '<= 5', met: check.latency.p99 <= 5 },
      { name: 'bare point lookup', value: bareLookup.requests.average, unit: 'req/s' },
      {
        name: 'single check / bare lookup',
        value: checkRatio,
        unit: 'ratio',
        target: '>= 0.6',
        met: checkRatio >= 0.6,
      },
    );

    const bulk = await load(api.url, {
      connections: 4,
      method: 'POST',
      next: () => ({
        path: '/v1/suppressions:check',
        body: { addresses: Array.from({ length: 10_000 }, () => address()) },
      }),
    });
    const bulkRate = (bulk.requests.total * 10_000) / DURATION_S;
    figures.push(
      {
        name: 'bulk check addresses/s',
        value: bulkRate,
        unit: 'addresses/s',
        target: '>= 1000000',
        met: bulkRate >= 1_000_000,
      },
      { name: 'api RSS after the run', value: api.rssMb(), unit: 'MB' },
    );
    report('http', figures, {
      durationSeconds: DURATION_S,
      recipients: RECIPIENTS,
      hot: HOT,
      batchEventsSent: batchEvents,
    });
  } finally {
    await bare?.stop();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
