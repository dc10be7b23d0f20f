import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedRevision } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import type { EmmettMode } from './baselines/emmett-append';
import { bounceEvent } from './support/bounce-event';
import { measureInChild } from './support/child-measurement';
import type { WritersRun } from './support/concurrent-writers';
import { runWriters } from './support/concurrent-writers';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * Appends per second of the embedded SQLite store on a temp file: one writer awaiting each append (one fsync per
 * append), then 64 writers on their own streams, each awaiting its own appends, so group commit can share fsyncs.
 * Beside it, Emmett's SQLite event store appends the same events (bench/baselines/emmett-append.ts, in a process of
 * its own). Each append carries one event shaped like a recorded bounce. Every run gets a fresh file; the scenarios
 * take turns across repeats and each reports its median run, so load from other processes on the machine spreads
 * evenly.
 */
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 5) * 1000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WARM_UP_APPENDS = 200;
const EMMETT_SCRIPT = join(__dirname, 'baselines', 'emmett-append.js');

interface Scenario {
  name: string;
  writers: number;
  /** Our store with this group-commit window and sync level, or Emmett used this way. */
  store: { kind: 'ours'; windowMs: number; synchronous: 'full' | 'normal' } | { kind: 'emmett'; mode: EmmettMode };
}

interface Measured extends WritersRun {
  scenario: Scenario;
  eventsPerSecond: number;
  /** Transactions that wrote, i.e. WAL fsyncs under synchronous=full (ours only). */
  groups?: number;
  groupsPerSecond?: number;
  eventsPerGroup?: number;
  /** Process CPU time over wall time: near 100 means CPU-bound on this thread, low means waiting on fsync. */
  cpuPercent?: number;
}

const ours = (windowMs: number, synchronous: 'full' | 'normal' = 'full'): Scenario['store'] => ({
  kind: 'ours',
  windowMs,
  synchronous,
});
const emmett = (mode: EmmettMode): Scenario['store'] => ({ kind: 'emmett', mode });
const SINGLE: Scenario = { name: 'single writer', writers: 1, store: ours(0) };
const MANY: Scenario = { name: '64 writers, window 0 (same tick)', writers: 64, store: ours(0) };
const EMMETT_SINGLE: Scenario = { name: 'Emmett store, single writer', writers: 1, store: emmett('store') };
const EMMETT_MANY: Scenario = { name: 'Emmett store, 64 writers', writers: 64, store: emmett('store') };
const EMMETT_CONNECTION: Scenario = {
  name: 'Emmett appendToStream, one open connection, 64 writers',
  writers: 64,
  store: emmett('connection'),
};
const SCENARIOS: Scenario[] = [
  SINGLE,
  { name: 'single writer, 1 ms window', writers: 1, store: ours(1) },
  MANY,
  { name: '64 writers, 1 ms window', writers: 64, store: ours(1) },
  { name: '64 writers, 2 ms window', writers: 64, store: ours(2) },
  { name: 'single writer, synchronous=normal', writers: 1, store: ours(0, 'normal') },
  { name: '64 writers, synchronous=normal', writers: 64, store: ours(0, 'normal') },
  EMMETT_SINGLE,
  EMMETT_MANY,
  EMMETT_CONNECTION,
];

async function measure(scenario: Scenario): Promise<Measured> {
  if (scenario.store.kind === 'emmett') {
    const run = await measureInChild<WritersRun>(EMMETT_SCRIPT, [
      scenario.store.mode,
      String(scenario.writers),
      String(DURATION_MS),
    ]);
    return { ...run, scenario, eventsPerSecond: run.appends / run.seconds };
  }
  const directory = mkdtempSync(join(tmpdir(), 'bench-event-store-'));
  const store = createSqliteEventStore({
    path: join(directory, 'events.sqlite'),
    synchronous: scenario.store.synchronous,
    groupCommitWindowMs: scenario.store.windowMs,
  });
  try {
    for (let i = 0; i < WARM_UP_APPENDS; i += 1) {
      await store.append(`warm-up-${i}`, [bounceEvent(-1, i)], 'no_stream');
    }
    const expected: ExpectedRevision[] = Array.from({ length: scenario.writers }, () => 'no_stream');
    const before = store.groupCommitStats();
    const cpuBefore = process.cpuUsage();
    const run = await runWriters(scenario.writers, DURATION_MS, async (writer, sequence) => {
      const streamId = `recipient-bench-${writer}`;
      const result = await store.append(streamId, [bounceEvent(writer, sequence)], expected[writer] ?? 'no_stream');
      expected[writer] = result.nextExpectedRevision;
    });
    const cpu = process.cpuUsage(cpuBefore);
    const after = store.groupCommitStats();
    const groups = after.groups - before.groups;
    const events = after.events - before.events;
    return {
      ...run,
      scenario,
      eventsPerSecond: events / run.seconds,
      groups,
      groupsPerSecond: groups / run.seconds,
      eventsPerGroup: events / Math.max(groups, 1),
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / run.seconds) * 100,
    };
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function figuresOf(result: Measured): Figure[] {
  const name = result.scenario.name;
  const figures: Figure[] = [
    { name: `${name}: events/s`, value: result.eventsPerSecond, unit: 'events/s' },
    { name: `${name}: p50`, value: result.p50Ms, unit: 'ms' },
    { name: `${name}: p99`, value: result.p99Ms, unit: 'ms' },
  ];
  if (result.groupsPerSecond !== undefined && result.eventsPerGroup !== undefined && result.cpuPercent !== undefined) {
    figures.push(
      { name: `${name}: fsync groups/s`, value: result.groupsPerSecond, unit: 'groups/s' },
      { name: `${name}: events per group`, value: result.eventsPerGroup, unit: 'events' },
      { name: `${name}: CPU`, value: result.cpuPercent, unit: '%' },
    );
  }
  if (result.failed > 0) {
    figures.push({ name: `${name}: failed appends`, value: result.failed, unit: 'appends' });
  }
  return figures;
}

function ratio(name: string, numerator: Measured, denominator: Measured, target?: number): Figure {
  const value = numerator.eventsPerSecond / Math.max(denominator.eventsPerSecond, Number.MIN_VALUE);
  return {
    name,
    value,
    unit: 'ratio',
    ...(target === undefined ? {} : { target: `>= ${target}`, met: value >= target }),
  };
}

async function main(): Promise<void> {
  const runs = new Map<Scenario, Measured[]>(SCENARIOS.map((scenario) => [scenario, []]));
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const scenario of SCENARIOS) {
      runs.get(scenario)?.push(await measure(scenario));
    }
  }
  const results = [...runs.values()].map(median);
  const result = (scenario: Scenario): Measured => median(runs.get(scenario) ?? []);
  const figures = results.flatMap(figuresOf);
  const best = results
    .filter(
      ({ scenario: { writers, store } }) => writers === 64 && store.kind === 'ours' && store.synchronous === 'full',
    )
    .sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
  if (best !== undefined) {
    figures.push(ratio(`group commit speed-up (${best.scenario.name} / single writer)`, best, result(SINGLE), 3));
  }
  figures.push(
    ratio('ours / Emmett store, single writer', result(SINGLE), result(EMMETT_SINGLE)),
    ratio('ours / Emmett store, 64 writers', result(MANY), result(EMMETT_MANY), 2),
    ratio('ours / Emmett appendToStream on one connection, 64 writers', result(MANY), result(EMMETT_CONNECTION), 2),
  );
  report('event-store-append', figures, {
    durationSeconds: DURATION_MS / 1000,
    repeats: REPEATS,
    directory: tmpdir(),
    loadAverage: loadavg(),
    scenarios: results,
    runs: [...runs.values()].flat(),
  });
}

/** The run with the median rate, kept whole so its latencies and groups belong to the same run. */
function median(runs: Measured[]): Measured {
  const sorted = [...runs].sort((a, b) => a.eventsPerSecond - b.eventsPerSecond);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (middle === undefined) {
    throw new Error('A scenario ran no times');
  }
  return middle;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
