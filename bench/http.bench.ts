import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from './support/bench-process';
import { BATCH_SIZE, batchBody, succeededItems } from './support/batch-load';
import { startServer } from './support/bench-process';
import { cpuProfileArgs, PROFILING } from './support/cpu-profile';
import { cpuSecondsOf } from './support/process-cpu';
import { address, command, DURATION_S, failures, HOT, load, RECIPIENTS, successRate } from './support/http-load';
import type { Figure } from './support/results';
import { report } from './support/results';
import { timedPost } from './support/timed-request';

/**
 * HTTP figures of the embedded service against bare Fastify baselines, measured in the same run on the same
 * machine. The load generator shares the two cores with the server, so ratios matter more than absolutes. Only
 * successful responses (and, in a batch, successful items) count as throughput. With --profile the service runs the
 * ingest load under --cpu-prof, then restarts unprofiled on the same data for the rest. With --only-check it runs the
 * single check alone beside the bare lookup (on a store seeded by a few batches); --profile then profiles both
 * servers during their lookups.
 */
const API_ENTRY = 'dist/apps/api/src/main.js';
const BULK_SIZE = 10_000;
/** Long enough for the standing index of the run's recipients to be built on a busy machine. */
const INDEX_BUILD_PAUSE_MS = 3000;
const ONLY_CHECK = process.argv.includes('--only-check');
/** Batches that seed the store of a check-only run: a fifth of the recipients have a history to look up. */
const SEED_BATCHES = 20;

async function main(): Promise<void> {
  if (ONLY_CHECK) {
    await checkOnly();
    return;
  }
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const apiEnv = { DATA_DIR: join(dataDir, 'api') };
  let api: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  try {
    bare = await startServer('dist/bench/baselines/bare-fastify.js', { DATA_DIR: dataDir }, 3999);
    const bareAppend = await load(bare.url, {
      connections: 64,
      method: 'POST',
      next: () => ({ path: '/append', body: command().body }),
    });
    const bareLookup = await measureBareLookup(bare);
    await bare.stop();

    api = await startServer(API_ENTRY, apiEnv, 3998, { nodeArgs: PROFILING ? cpuProfileArgs('ingest') : [] });
    figures.push({
      name: 'cold start to healthy (empty store)',
      value: api.startMs,
      unit: 'ms',
      target: '<= 1500',
      met: api.startMs <= 1500,
    });
    const ingest = await load(api.url, { connections: 64, method: 'POST', next: command });
    const ingestRate = successRate(ingest);
    const ingestRatio = ingestRate / successRate(bareAppend);
    figures.push(
      { name: 'ingest commands/s', value: ingestRate, unit: 'commands/s', target: '>= 5000', met: ingestRate >= 5000 },
      { name: 'ingest p50', value: ingest.latency.p50, unit: 'ms' },
      { name: 'ingest p99', value: ingest.latency.p99, unit: 'ms', target: '<= 20', met: ingest.latency.p99 <= 20 },
      { name: 'ingest failures', value: failures(ingest), unit: 'responses' },
      { name: 'bare durable append', value: successRate(bareAppend), unit: 'req/s' },
      { name: 'ingest / bare append', value: ingestRatio, unit: 'ratio', target: '>= 1.2', met: ingestRatio >= 1.2 },
    );
    if (PROFILING) {
      await api.stop();
      console.log('wrote the ingest CPU profile to bench/results/ (the ingest figures above ran under the profiler)');
      api = await startServer(API_ENTRY, apiEnv, 3998);
    }

    let batchEvents = 0;
    const batch = await load(api.url, {
      connections: 4,
      method: 'POST',
      next: batchBody,
      onResponse: (status, body) => (batchEvents += succeededItems(status, body)),
    });
    const batchRate = batchEvents / batch.duration;
    figures.push(
      {
        name: 'batch ingest events/s (successful items)',
        value: batchRate,
        unit: 'events/s',
        target: '>= 50000',
        met: batchRate >= 50_000,
      },
      { name: 'batch failures', value: failures(batch), unit: 'responses' },
      { name: 'batch items not applied', value: batch['2xx'] * BATCH_SIZE - batchEvents, unit: 'items' },
    );

    figures.push(...(await measureCheck(api, bareLookup)));

    const bulkRequest = (): { path: string; body: { addresses: string[] } } => ({
      path: '/v1/suppressions:check',
      body: { addresses: Array.from({ length: BULK_SIZE }, () => address()) },
    });
    // The first bulk check builds the read model's standing index; the measured run starts once it is built.
    await timedPost(api.url, bulkRequest());
    await new Promise((resolve) => setTimeout(resolve, INDEX_BUILD_PAUSE_MS));
    const bulkCpuBefore = cpuSecondsOf(api);
    const bulk = await load(api.url, { connections: 4, method: 'POST', next: bulkRequest });
    const bulkCpu = microsecondsEach(cpuSecondsOf(api) - bulkCpuBefore, bulk['2xx'] * BULK_SIZE);
    const bulkRate = successRate(bulk) * BULK_SIZE;
    figures.push(
      {
        name: 'bulk check addresses/s',
        value: bulkRate,
        unit: 'addresses/s',
        target: '>= 1000000',
        met: bulkRate >= 1_000_000,
      },
      // What the server could answer on one core of its own: the load generator shares the machine with it.
      { name: 'bulk check server CPU per address', value: bulkCpu, unit: 'µs' },
      { name: 'api RSS after the run', value: api.rssMb(), unit: 'MB' },
    );
    report('http', figures, { durationSeconds: DURATION_S, recipients: RECIPIENTS, hot: HOT, profiled: PROFILING });
  } finally {
    await bare?.stop();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

interface Lookups {
  rate: number;
  cpuMicroseconds: number;
}

/** The bare Fastify point lookup, the single check's baseline. */
async function measureBareLookup(bare: ServerProcess): Promise<Lookups> {
  const cpuBefore = cpuSecondsOf(bare);
  const lookups = await load(bare.url, {
    connections: 32,
    method: 'GET',
    next: () => ({ path: `/lookup/${address()}` }),
  });
  return {
    rate: successRate(lookups),
    cpuMicroseconds: microsecondsEach(cpuSecondsOf(bare) - cpuBefore, lookups['2xx']),
  };
}

/** The single check under the same load as the bare lookup, and its ratios to it. */
async function measureCheck(api: ServerProcess, bareLookup: Lookups): Promise<Figure[]> {
  const cpuBefore = cpuSecondsOf(api);
  const check = await load(api.url, {
    connections: 32,
    method: 'GET',
    next: () => ({ path: `/v1/suppressions/${address()}` }),
  });
  const checkCpu = microsecondsEach(cpuSecondsOf(api) - cpuBefore, check['2xx']);
  const checkRatio = successRate(check) / bareLookup.rate;
  return [
    { name: 'single check', value: successRate(check), unit: 'req/s' },
    { name: 'single check p99', value: check.latency.p99, unit: 'ms', target: '<= 5', met: check.latency.p99 <= 5 },
    { name: 'single check failures', value: failures(check), unit: 'responses' },
    { name: 'bare point lookup', value: bareLookup.rate, unit: 'req/s' },
    { name: 'single check / bare lookup', value: checkRatio, unit: 'ratio', target: '>= 0.6', met: checkRatio >= 0.6 },
    { name: 'single check server CPU per request', value: checkCpu, unit: 'µs' },
    { name: 'bare point lookup server CPU per request', value: bareLookup.cpuMicroseconds, unit: 'µs' },
    {
      name: 'single check / bare lookup, by CPU per request',
      value: bareLookup.cpuMicroseconds / checkCpu,
      unit: 'ratio',
    },
  ];
}

/** The single check alone, beside the bare lookup, on a store a few batches have seeded. */
async function checkOnly(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-check-'));
  let api: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  try {
    bare = await startServer('dist/bench/baselines/bare-fastify.js', { DATA_DIR: dataDir }, 3999, {
      nodeArgs: PROFILING ? cpuProfileArgs('bare-lookup') : [],
    });
    const bareLookup = await measureBareLookup(bare);
    await bare.stop();
    api = await startServer(API_ENTRY, { DATA_DIR: join(dataDir, 'api') }, 3998, {
      nodeArgs: PROFILING ? cpuProfileArgs('check') : [],
    });
    for (let batch = 0; batch < SEED_BATCHES; batch++) {
      await timedPost(api.url, batchBody());
    }
    const figures = await measureCheck(api, bareLookup);
    report('http-check', figures, { durationSeconds: DURATION_S, recipients: RECIPIENTS, profiled: PROFILING });
  } finally {
    await bare?.stop();
    await api?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function microsecondsEach(cpuSeconds: number, units: number): number {
  return (cpuSeconds * 1e6) / Math.max(1, units);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
