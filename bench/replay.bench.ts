import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { PolicyDocument } from '@app/domain';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from '@app/domain';
import { createSqliteEventStore, openScanReplica, rawSqliteScan } from '@app/event-store';
import { EMBEDDED_DATABASE_FILE } from '@app/recipients';
import type { SimulationPath } from '@app/replay';
import {
  catchUpReplayFacts,
  classifyReplayEvidence,
  decodeScannedEvent,
  replayFactsPath,
  simulatePolicy,
} from '@app/replay';
import { rssOf } from './support/bench-process';
import { measureInChild, sendToParent } from './support/child-measurement';
import { cachedHistory } from './support/history-cache';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * Replay speed on the embedded store: generates (and caches in the OS temp directory) histories of 1M and 10M events, then
 * measures, each in a fresh process whose own memory high-water mark is its peak RSS: the raw ceiling (a plain table scan with JSON.parse of
 * `data`, the adapter's `rawSqliteScan`); building the replay projection from nothing (`catch-up`, which a simulation
 * does first, and afterwards only for the events appended since), with the classifications of the evidence under both
 * candidates' overrides (kept for the next simulation); the policy simulation over the caught-up projection
 * under the policy in force and under a stricter candidate with different overrides (every distinct bounce evidence
 * re-classified). The previous engine, a stream scan decoding every event (`scan-replay-current`,
 * `scan-replay-strict`), and its lower bounds (`scan`, `decode`) are measured when asked for. The simulation is held
 * to 1M events/s and to 0.7 of the raw ceiling, both with the most threads.
 *
 *   node dist/bench/replay.bench.js [--sizes 1000000,10000000] [--threads 1,2] [--phases raw,catch-up,...]
 * BENCH_REPLAY_SIZES stands in for --sizes.
 */
const TARGET_EVENTS_PER_SECOND = 1_000_000;
/** The cached histories (about 7 GB for 10M events) live in the OS temp directory, not in the repository. */
const HISTORY_ROOT = join(tmpdir(), 'recipient-state-bench');
const TARGET_RAW_RATIO = 0.7;

const STRICT: PolicyDocument = {
  ...DEFAULT_POLICY_DOCUMENT,
  version: 'bench-strict',
  softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
  overrides: [{ match: { replyCode: 452 }, class: 'soft', reason: 'mailbox_full' }],
};

type Phase =
  | 'raw'
  | 'scan'
  | 'decode'
  | 'catch-up'
  | 'replay-current'
  | 'replay-strict'
  | 'scan-replay-current'
  | 'scan-replay-strict';
const PHASES: Phase[] = ['raw', 'catch-up', 'replay-current', 'replay-strict'];
const SIMULATIONS: Partial<Record<Phase, { strict: boolean; path: Exclude<SimulationPath, 'event-log'> }>> = {
  'replay-current': { strict: false, path: 'replay-facts' },
  'replay-strict': { strict: true, path: 'replay-facts' },
  'scan-replay-current': { strict: false, path: 'stream-scan' },
  'scan-replay-strict': { strict: true, path: 'stream-scan' },
};

interface Measurement {
  phase: Phase;
  threads: number;
  events: number;
  ms: number;
  /** User and system CPU time of the whole process (every thread): steadier than wall time on a shared machine. */
  cpuMs: number;
  /** The phase's own peak RSS (see `ownPeakRssMb`). */
  maxRssMb: number;
  changed?: number;
}

interface ShardJob {
  path: string;
  phase: 'raw' | 'scan' | 'decode';
  shard: number;
  shards: number;
}

/** One shard of a lower-bound phase, on a worker thread (or inline for one thread). */
async function runShard({ path, phase, shard, shards }: ShardJob): Promise<number> {
  if (phase === 'raw') {
    return rawSqliteScan(path, { index: shard, count: shards });
  }
  const replica = openScanReplica({ adapter: 'sqlite', path });
  let events = 0;
  try {
    for await (const batch of replica.scanStreams!({ shard: { index: shard, count: shards } })) {
      for (const stream of batch) {
        events += stream.events.length;
        if (phase === 'decode') {
          stream.events.forEach(decodeScannedEvent);
        }
      }
    }
    return events;
  } finally {
    await replica.close();
  }
}

async function runPhase(path: string, phase: Phase, threads: number): Promise<Measurement> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let events = 0;
  let changed: number | undefined;
  const simulation = SIMULATIONS[phase];
  if (phase === 'catch-up') {
    for (const file of [replayFactsPath(path), `${replayFactsPath(path)}-wal`, `${replayFactsPath(path)}-shm`]) {
      rmSync(file, { force: true });
    }
    const facts = await catchUpReplayFacts(path);
    // The classifications of both candidates are kept in the projection too; the simulations below find them made.
    await classifyReplayEvidence(facts.path, defaultPolicy());
    await classifyReplayEvidence(facts.path, parseStrict());
    events = facts.checkpoint;
  } else if (phase === 'raw' || phase === 'scan' || phase === 'decode') {
    const counts = await Promise.all(
      Array.from({ length: threads }, (_, shard) =>
        threads === 1 ? runShard({ path, phase, shard, shards: 1 }) : onWorker({ path, phase, shard, shards: threads }),
      ),
    );
    events = counts.reduce((sum, count) => sum + count, 0);
  } else if (simulation !== undefined) {
    const store = createSqliteEventStore({ path });
    const candidate = simulation.strict ? parseStrict() : defaultPolicy();
    const result = await simulatePolicy({
      store,
      current: defaultPolicy(),
      candidate,
      now: Date.now(),
      workers: threads,
      path: simulation.path,
    });
    await store.close();
    events = result.totals.events;
    changed = result.totals.changed;
  }
  return {
    phase,
    threads,
    events,
    ms: performance.now() - started,
    cpuMs: cpuMilliseconds(process.cpuUsage(cpuBefore)),
    maxRssMb: ownPeakRssMb(),
    changed,
  };
}

/**
 * The phase's own peak: the high-water mark of this process's memory (VmHWM, every thread included). `maxRSS` would
 * not do: a forked child's starts at the parent's peak, which generating the history in the parent makes gigabytes.
 */
function ownPeakRssMb(): number {
  return process.platform === 'linux' ? rssOf(process.pid, 'VmHWM') : process.resourceUsage().maxRSS / 1024;
}

function cpuMilliseconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function onWorker(job: ShardJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.once('message', (count: number) => resolve(count));
    worker.once('error', reject);
  });
}

function parseStrict(): ReturnType<typeof defaultPolicy> {
  const parsed = parsePolicy(STRICT);
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.errors));
  }
  return parsed.policy;
}

/** Runs one phase in a fresh process, so its peak RSS is its own. */
function measure(dataDir: string, phase: Phase, threads: number): Promise<Measurement> {
  return measureInChild<Measurement>(__filename, ['--child', dataDir, phase, String(threads)]);
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: string): string => {
    const index = process.argv.indexOf(name);
    return index < 0 ? fallback : (process.argv[index + 1] ?? fallback);
  };
  const sizes = arg('--sizes', process.env.BENCH_REPLAY_SIZES ?? '1000000,10000000')
    .split(',')
    .map(Number);
  const threadCounts = arg('--threads', '1,2').split(',').map(Number);
  const phases = arg('--phases', PHASES.join(',')).split(',') as Phase[];
  const figures: Figure[] = [];
  const runs: (Measurement & { size: number })[] = [];
  for (const size of sizes) {
    const dataDir = await cachedHistory(`history-${size}`, {
      recipients: Math.round(size / 10),
      events: size,
      root: HISTORY_ROOT,
    });
    const label = size >= 1e6 ? `${size / 1e6}M` : `${size / 1e3}k`;
    for (const phase of phases) {
      // Catching up runs on one thread whatever the count: it is measured once.
      for (const threads of phase === 'catch-up' ? threadCounts.slice(0, 1) : threadCounts) {
        const run = { ...(await measure(dataDir, phase, threads)), size };
        runs.push(run);
        const rate = (run.events * 1000) / run.ms;
        console.log(
          `${label} ${phase.padEnd(15)} ${threads} thread(s): ${run.events.toLocaleString('en-US')} events in ` +
            `${(run.ms / 1000).toFixed(2)} s = ${Math.round(rate).toLocaleString('en-US')} events/s, ` +
            `${((run.cpuMs * 1000) / run.events).toFixed(2)} µs CPU/event, peak RSS ${Math.round(run.maxRssMb)} MB`,
        );
        figures.push(
          { name: `${label} ${phase} x${threads}`, value: rate, unit: 'events/s' },
          { name: `${label} ${phase} x${threads} CPU`, value: (run.cpuMs * 1000) / run.events, unit: 'µs/event' },
        );
      }
    }
    const widest = Math.max(...threadCounts);
    const find = (phase: Phase): Measurement | undefined =>
      runs.find((run) => run.size === size && run.phase === phase && run.threads === widest);
    const ours = find('replay-strict') ?? find('replay-current') ?? find('scan-replay-strict');
    const raw = find('raw');
    if (ours !== undefined) {
      const tenMillion = size >= 1e7;
      const rate = (ours.events * 1000) / ours.ms;
      figures.push(
        {
          name: `${label} ${ours.phase} x${widest} (simulation speed)`,
          value: rate,
          unit: 'events/s',
          target: `>= ${TARGET_EVENTS_PER_SECOND}`,
          met: rate >= TARGET_EVENTS_PER_SECOND,
        },
        {
          name: `${label} replay wall time x${widest}`,
          value: ours.ms / 1000,
          unit: 's',
          target: tenMillion ? '<= 10' : undefined,
          met: tenMillion ? ours.ms <= 10_000 : undefined,
        },
        {
          name: `${label} replay peak RSS`,
          value: ours.maxRssMb,
          unit: 'MB',
          target: '< 1024',
          met: ours.maxRssMb < 1024,
        },
      );
    }
    if (ours !== undefined && raw !== undefined) {
      const ratio = ours.events / ours.ms / (raw.events / raw.ms);
      figures.push({
        name: `${label} ${ours.phase} / raw scan x${widest}`,
        value: ratio,
        unit: 'ratio',
        target: `>= ${TARGET_RAW_RATIO}`,
        met: ratio >= TARGET_RAW_RATIO,
      });
      console.log(`${label}: our/raw ratio ${ratio.toFixed(2)} with ${widest} thread(s)`);
    }
  }
  report('replay', figures, { runs });
}

if (!isMainThread) {
  void runShard(workerData as ShardJob).then((count) => parentPort?.postMessage(count));
} else if (process.argv[2] === '--child') {
  const [dataDir = '', phase = 'raw', threads = '1'] = process.argv.slice(3);
  runPhase(join(dataDir, EMBEDDED_DATABASE_FILE), phase as Phase, Number(threads))
    .then(sendToParent)
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
