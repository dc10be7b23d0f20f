import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerProcess } from './support/bench-process';
import { BATCH_SIZE, batchBody, succeededItems } from './support/batch-load';
import { startServer } from './support/bench-process';
import { cpuProfileArgs, PROFILING } from './support/cpu-profile';
import { command, DURATION_S, failures, HOT, load, RECIPIENTS, successRate } from './support/http-load';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * The write path alone, side by side in one run: the bare durable append baseline, single ingest and batch ingest
 * (the ingest figures of the HTTP benchmark, without its read-side runs). With --profile the service runs both
 * ingest loads under --cpu-prof.
 *   node dist/bench/ingest.bench.js [--profile]
 */
const API_ENTRY = 'dist/apps/api/src/main.js';
/** Linux counts a process's CPU time in clock ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds a process has used (user and system), from /proc. On a machine others load, the server's CPU per
 * request moves far less than requests per second do.
 */
function cpuSecondsOf(server: ServerProcess): number {
  const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Server CPU microseconds per successful unit of work over a load run. */
async function measured<T>(server: ServerProcess, run: () => Promise<T>, units: (result: T) => number) {
  const before = cpuSecondsOf(server);
  const result = await run();
  const cpuMicroseconds = ((cpuSecondsOf(server) - before) * 1e6) / Math.max(1, units(result));
  return { result, cpuMicroseconds };
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  let api: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  try {
    const baseline = await startServer('dist/bench/baselines/bare-fastify.js', { DATA_DIR: dataDir }, 3997);
    bare = baseline;
    const { result: bareAppend, cpuMicroseconds: bareCpu } = await measured(
      baseline,
      () =>
        load(baseline.url, {
          connections: 64,
          method: 'POST',
          next: () => ({ path: '/append', body: command().body }),
        }),
      (result) => result['2xx'],
    );
    await bare.stop();

    api = await startServer(API_ENTRY, { DATA_DIR: join(dataDir, 'api') }, 3996, {
      nodeArgs: PROFILING ? cpuProfileArgs('ingest') : [],
    });
    const server = api;
    const { result: ingest, cpuMicroseconds: ingestCpu } = await measured(
      server,
      () => load(server.url, { connections: 64, method: 'POST', next: command }),
      (result) => result['2xx'],
    );
    let batchEvents = 0;
    const { result: batch, cpuMicroseconds: batchCpu } = await measured(
      server,
      () =>
        load(server.url, {
          connections: 4,
          method: 'POST',
          next: batchBody,
          onResponse: (status, body) => (batchEvents += succeededItems(status, body)),
        }),
      () => batchEvents,
    );
    const ingestRate = successRate(ingest);
    const ingestRatio = ingestRate / successRate(bareAppend);
    const batchRate = batchEvents / batch.duration;
    figures.push(
      { name: 'ingest commands/s', value: ingestRate, unit: 'commands/s', target: '>= 5000', met: ingestRate >= 5000 },
      { name: 'ingest p50', value: ingest.latency.p50, unit: 'ms' },
      { name: 'ingest p99', value: ingest.latency.p99, unit: 'ms', target: '<= 20', met: ingest.latency.p99 <= 20 },
      { name: 'ingest failures', value: failures(ingest), unit: 'responses' },
      { name: 'bare durable append', value: successRate(bareAppend), unit: 'req/s' },
      { name: 'ingest / bare append', value: ingestRatio, unit: 'ratio', target: '>= 1.2', met: ingestRatio >= 1.2 },
      { name: 'bare append server CPU per request', value: bareCpu, unit: 'µs' },
      { name: 'ingest server CPU per command', value: ingestCpu, unit: 'µs' },
      { name: 'batch server CPU per item', value: batchCpu, unit: 'µs' },
      {
        name: 'batch ingest events/s (successful items)',
        value: batchRate,
        unit: 'events/s',
        target: '>= 50000',
        met: batchRate >= 50_000,
      },
      { name: 'batch p99', value: batch.latency.p99, unit: 'ms' },
      { name: 'batch failures', value: failures(batch), unit: 'responses' },
      { name: 'batch items not applied', value: batch['2xx'] * BATCH_SIZE - batchEvents, unit: 'items' },
      { name: 'load average (1 min) at the end', value: loadavg()[0] ?? 0, unit: 'processes' },
    );
    report('ingest', figures, { durationSeconds: DURATION_S, recipients: RECIPIENTS, hot: HOT, profiled: PROFILING });
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
