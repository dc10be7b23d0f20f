import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExpectedRevision } from '@app/event-store';
import { createSqliteEventStore } from '@app/event-store';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * Appends per second of the embedded SQLite store on a temp file: one writer awaiting each append (one fsync per
 * append), then 64 writers on their own streams, each awaiting its own appends, so group commit can share fsyncs.
 * Each append carries one event shaped like a recorded bounce. Every run gets a fresh file; the scenarios take turns
 * across repeats and each reports its median run, so load from other processes on the machine spreads evenly.
 */
const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 5) * 1000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const WARM_UP_APPENDS = 200;

interface Scenario {
  name: string;
  writers: number;
  windowMs: number;
  synchronous: 'full' | 'normal';
}

interface Measured extends Scenario {
  appends: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Transactions that wrote, i.e. WAL fsyncs under synchronous=full. */
  groups: number;
  groupsPerSecond: number;
  eventsPerGroup: number;
  /** Process CPU time over wall time: near 100 means CPU-bound on this thread, low means waiting on fsync. */
  cpuPercent: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'single writer', writers: 1, windowMs: 0, synchronous: 'full' },
  { name: 'single writer, 1 ms window', writers: 1, windowMs: 1, synchronous: 'full' },
  { name: '64 writers, window 0 (same tick)', writers: 64, windowMs: 0, synchronous: 'full' },
  { name: '64 writers, 1 ms window', writers: 64, windowMs: 1, synchronous: 'full' },
  { name: '64 writers, 2 ms window', writers: 64, windowMs: 2, synchronous: 'full' },
  { name: 'single writer, synchronous=normal', writers: 1, windowMs: 0, synchronous: 'normal' },
  { name: '64 writers, synchronous=normal', writers: 64, windowMs: 0, synchronous: 'normal' },
];

function bounce(writer: number, sequence: number): { eventId: string; type: string; data: Record<string, unknown> } {
  return {
    eventId: randomUUID(),
    type: 'BounceReceived',
    data: {
      address: `user${writer}@example.com`,
      occurredAt: new Date().toISOString(),
      messageId: `m-${writer}-${sequence}`,
      smtp: { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
      classification: { kind: 'soft', reason: 'mailbox_full' },
    },
  };
}

async function measure(scenario: Scenario): Promise<Measured> {
  const directory = mkdtempSync(join(tmpdir(), 'bench-event-store-'));
  const store = createSqliteEventStore({
    path: join(directory, 'events.sqlite'),
    synchronous: scenario.synchronous,
    groupCommitWindowMs: scenario.windowMs,
  });
  try {
    for (let i = 0; i < WARM_UP_APPENDS; i += 1) {
      await store.append(`warm-up-${i}`, [bounce(-1, i)], 'no_stream');
    }
    const latencies: number[] = [];
    const before = store.groupCommitStats();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      Array.from({ length: scenario.writers }, async (_, writer) => {
        const streamId = `recipient-bench-${writer}`;
        let expected: ExpectedRevision = 'no_stream';
        for (let sequence = 0; performance.now() < deadline; sequence += 1) {
          const sent = performance.now();
          const result = await store.append(streamId, [bounce(writer, sequence)], expected);
          latencies.push(performance.now() - sent);
          expected = result.nextExpectedRevision;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const after = store.groupCommitStats();
    const groups = after.groups - before.groups;
    const events = after.events - before.events;
    latencies.sort((a, b) => a - b);
    return {
      ...scenario,
      appends: latencies.length,
      seconds,
      eventsPerSecond: events / seconds,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      groups,
      groupsPerSecond: groups / seconds,
      eventsPerGroup: events / Math.max(groups, 1),
      cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    };
  } finally {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

async function main(): Promise<void> {
  const runs = new Map<Scenario, Measured[]>(SCENARIOS.map((scenario) => [scenario, []]));
  for (let repeat = 0; repeat < REPEATS; repeat += 1) {
    for (const scenario of SCENARIOS) {
      runs.get(scenario)?.push(await measure(scenario));
    }
  }
  const results = [...runs.values()].map(median);
  const figures: Figure[] = results.flatMap((result) => [
    { name: `${result.name}: events/s`, value: result.eventsPerSecond, unit: 'events/s' },
    { name: `${result.name}: p50`, value: result.p50Ms, unit: 'ms' },
    { name: `${result.name}: p99`, value: result.p99Ms, unit: 'ms' },
    { name: `${result.name}: fsync groups/s`, value: result.groupsPerSecond, unit: 'groups/s' },
    { name: `${result.name}: events per group`, value: result.eventsPerGroup, unit: 'events' },
    { name: `${result.name}: CPU`, value: result.cpuPercent, unit: '%' },
  ]);
  const single = results.find((result) => result.writers === 1 && result.synchronous === 'full');
  const best = results
    .filter((result) => result.writers === 64 && result.synchronous === 'full')
    .sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
  if (single !== undefined && best !== undefined) {
    const speedUp = best.eventsPerSecond / single.eventsPerSecond;
    figures.push({
      name: `group commit speed-up (${best.name} / single writer)`,
      value: speedUp,
      unit: 'ratio',
      target: '>= 3',
      met: speedUp >= 3,
    });
  }
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
