import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createSqliteEventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { createPostgresReadModel } from '@app/read-model';
import { EMBEDDED_DATABASE_FILE, RECIPIENT_STATUS_PROJECTION } from '@app/recipients';
import type { ServerProcess } from './support/bench-process';
import { BENCH_AUTHORIZATION, startServer } from './support/bench-process';
import { command, DURATION_S, failures, load, successRate } from './support/http-load';
import { percentile } from './support/percentile';
import { quantileUpperBound, scrapeHistogram } from './support/prometheus-histogram';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * Production mode: the SQLite log with the PostgreSQL read model, which a projector follows. Under the ingest load
 * of the HTTP benchmark, probes on their own thread record bounces for new addresses (PROBES_IN_FLIGHT at a time,
 * PROBE_INTERVAL_MS apart) and time each from its 2xx (the event is durable in the log) until the address's row is
 * visible in PostgreSQL, polling the read model itself. The service's own lag histogram (/metrics: from the decision,
 * before the append, to the projection's commit) is reported beside it. Two runs: the projector on a worker thread
 * of its own (PROJECTOR_THREAD=own, the default) and, as the baseline, on the API's event loop (PROJECTOR_THREAD=api).
 * DATABASE_URL (loopback only) defaults to the local test server; the read model's schema is emptied before each run
 * and after.
 */
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_lag';
const PORT = 3996;
const PROBE_INTERVAL_MS = 20;
/** Probe loops side by side, for enough samples to read a p99 from a short run. */
const PROBES_IN_FLIGHT = 4;
const PROBE_TIMEOUT_MS = 5000;
const CATCH_UP_TIMEOUT_MS = 30_000;
const LAG_LIMIT_MS = 100;

interface ProbeJob {
  url: string;
  durationMs: number;
}

interface ProbeResult {
  /** From the probe's 2xx to its row in PostgreSQL. */
  ackLagsMs: number[];
  /** From sending the probe to its row: adds the command's own latency. */
  sentLagsMs: number[];
  unseen: number;
  rejected: number;
}

async function probe({ url, durationMs }: ProbeJob): Promise<ProbeResult> {
  const result: ProbeResult = { ackLagsMs: [], sentLagsMs: [], unseen: 0, rejected: 0 };
  const readModel = await openReadModel(PROBES_IN_FLIGHT);
  try {
    const deadline = performance.now() + durationMs;
    const maxProbes = Math.ceil(durationMs / PROBE_INTERVAL_MS);
    await Promise.all(
      Array.from({ length: PROBES_IN_FLIGHT }, async (_, loop) => {
        for (let i = 0; i < maxProbes && performance.now() < deadline; i += 1) {
          await probeOnce(url, readModel, `probe-${process.pid}-${loop}-${i}@example.com`, result);
          await sleep(PROBE_INTERVAL_MS);
        }
      }),
    );
  } finally {
    await readModel.close();
  }
  return result;
}

async function probeOnce(url: string, readModel: ReadModelStore, address: string, result: ProbeResult): Promise<void> {
  const sent = performance.now();
  const accepted = await fetch(`${url}/v1/bounces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: BENCH_AUTHORIZATION },
    body: JSON.stringify({
      address,
      occurredAt: new Date(Date.now() - 1000).toISOString(),
      smtp: { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' },
    }),
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  }).then(
    async (response) => {
      await response.arrayBuffer();
      return response.ok;
    },
    () => false,
  );
  const acked = performance.now();
  if (!accepted) {
    result.rejected += 1;
    return;
  }
  const visible = await visibleAt(readModel, address, acked + PROBE_TIMEOUT_MS);
  if (visible === undefined) {
    result.unseen += 1;
  } else {
    result.ackLagsMs.push(visible - acked);
    result.sentLagsMs.push(visible - sent);
  }
}

/** Polls the read model until the address has a row; the time of the first poll that saw it. */
async function visibleAt(readModel: ReadModelStore, address: string, deadline: number): Promise<number | undefined> {
  while (performance.now() < deadline) {
    if ((await readModel.getRecipient(address)) !== null) {
      return performance.now();
    }
    await sleep(1);
  }
  return undefined;
}

function onWorker(job: ProbeJob): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', (result: ProbeResult) => resolve(result));
    worker.once('error', reject);
  });
}

/** Milliseconds from the end of the load until the read model's checkpoint reaches the end of the log. */
async function catchUpMs(readModel: ReadModelStore, dataDir: string): Promise<number> {
  const started = performance.now();
  const log = createSqliteEventStore({ path: join(dataDir, EMBEDDED_DATABASE_FILE), readOnly: true });
  try {
    const last = await log.lastPosition();
    while (performance.now() - started < CATCH_UP_TIMEOUT_MS) {
      if (((await readModel.checkpoint(RECIPIENT_STATUS_PROJECTION)) ?? 0n) >= last) {
        return performance.now() - started;
      }
      await sleep(5);
    }
    return Infinity;
  } finally {
    await log.close();
  }
}

/** The benchmark's own connection to the service's read model: the same library, schema and queries. */
function openReadModel(poolSize: number): Promise<ReadModelStore> {
  return createPostgresReadModel({ connectionString: DATABASE_URL, schema: SCHEMA, poolSize });
}

function assertLoopback(connectionString: string): void {
  const host = new URL(connectionString).hostname;
  if (!/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(host)) {
    throw new Error(`DATABASE_URL must point at this machine (loopback), not ${host}`);
  }
}

/** Where the service runs its projector: the configuration measured, and the baseline beside it. */
type ProjectorThread = 'own' | 'api';

interface Run {
  ingest: Awaited<ReturnType<typeof load>>;
  probes: ProbeResult;
  drainMs: number;
  histogram: ReturnType<typeof scrapeHistogram>;
}

/** One load run against a fresh log and an emptied read model, with the projector on the given thread. */
async function measure(admin: ReadModelStore, thread: ProjectorThread): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-lag-'));
  let api: ServerProcess | undefined;
  try {
    await admin.reset();
    api = await startServer(
      'dist/apps/api/src/main.js',
      {
        DATA_DIR: dataDir,
        EVENT_STORE: 'sqlite',
        READ_MODEL: 'postgres',
        DATABASE_URL,
        DATABASE_SCHEMA: SCHEMA,
        PROJECTOR_THREAD: thread,
      },
      PORT,
    );
    const [ingest, probes] = await Promise.all([
      load(api.url, { connections: 64, method: 'POST', next: command }),
      onWorker({ url: api.url, durationMs: DURATION_S * 1000 }),
    ]);
    const drainMs = await catchUpMs(admin, dataDir);
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    return { ingest, probes, drainMs, histogram: scrapeHistogram(metrics, 'recipient_projection_lag_seconds') };
  } finally {
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function figuresOf(run: Run, label: string): Figure[] {
  const ack = [...run.probes.ackLagsMs].sort((a, b) => a - b);
  const sent = [...run.probes.sentLagsMs].sort((a, b) => a - b);
  return [
    { name: `ingest commands/s (${label})`, value: successRate(run.ingest), unit: 'commands/s' },
    { name: `ingest p99 (${label})`, value: run.ingest.latency.p99, unit: 'ms' },
    { name: `ingest failures (${label})`, value: failures(run.ingest), unit: 'responses' },
    { name: `probes seen in the read model (${label})`, value: ack.length, unit: 'probes' },
    { name: `probes not seen within 5 s (${label})`, value: run.probes.unseen, unit: 'probes' },
    { name: `probes rejected or timed out (${label})`, value: run.probes.rejected, unit: 'probes' },
    { name: `projection lag p50, 2xx to visible (${label})`, value: percentile(ack, 0.5), unit: 'ms' },
    { name: `projection lag p99, 2xx to visible (${label})`, value: percentile(ack, 0.99), unit: 'ms' },
    { name: `projection lag max, 2xx to visible (${label})`, value: ack[ack.length - 1] ?? 0, unit: 'ms' },
    { name: `send to visible p99 (${label})`, value: percentile(sent, 0.99), unit: 'ms' },
    {
      name: `/metrics lag p99, bucket upper bound (${label})`,
      value: quantileUpperBound(run.histogram, 0.99) * 1000,
      unit: 'ms',
    },
    { name: `catch-up after the load (${label})`, value: run.drainMs, unit: 'ms' },
  ];
}

async function main(): Promise<void> {
  assertLoopback(DATABASE_URL);
  const admin = await openReadModel(1);
  try {
    const own = await measure(admin, 'own');
    const shared = await measure(admin, 'api');
    const ack = [...own.probes.ackLagsMs].sort((a, b) => a - b);
    const p99 = percentile(ack, 0.99);
    const baselineP99 = percentile(
      [...shared.probes.ackLagsMs].sort((a, b) => a - b),
      0.99,
    );
    const figures: Figure[] = [
      {
        name: 'projection lag p99, 2xx to visible (projector thread)',
        value: p99,
        unit: 'ms',
        target: `<= ${LAG_LIMIT_MS}`,
        met: ack.length > 0 && own.probes.unseen === 0 && own.probes.rejected === 0 && p99 <= LAG_LIMIT_MS,
      },
      { name: 'baseline: projection lag p99 with the projector on the API thread', value: baselineP99, unit: 'ms' },
      ...figuresOf(own, 'projector thread'),
      ...figuresOf(shared, 'projector on the API thread'),
    ];
    report('projection-lag', figures, {
      durationSeconds: DURATION_S,
      probeIntervalMs: PROBE_INTERVAL_MS,
      probesInFlight: PROBES_IN_FLIGHT,
      histogram: own.histogram,
      baselineHistogram: shared.histogram,
    });
  } finally {
    await admin.reset().catch(() => undefined);
    await admin.close();
  }
}

if (!isMainThread) {
  // A rejection here fails the worker, which rejects onWorker's promise.
  void probe(workerData as ProbeJob).then((result) => parentPort?.postMessage(result));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
