import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/bench-process';
import type { Figure } from './support/results';

/**
 * `npm run bench`: every benchmark in sequence, each in its own process, then one table of every figure that has a
 * target. Knobs: BENCH_DURATION_S (seconds per load run), BENCH_REPEATS (append runs per scenario),
 * BENCH_REPLAY_SIZES (e.g. 1000000,10000000), BENCH_RECIPIENTS (memory benchmark), BENCH_CLASSIFY_LINES (classify
 * benchmark), BENCH_PORT_OFFSET (added to every server's port, so two runs can share a machine), DATABASE_URL
 * (production mode).
 *   node dist/bench/run-all.js [--profile] [--only http,memory]
 */
const BENCHMARKS = [
  'event-store-append',
  'write-path',
  'ingest',
  'long-stream',
  'http',
  'memory',
  'projection-lag',
  'replay',
  'classify',
] as const;
/**
 * The replay benchmark runs only what its targets read (the raw ceiling and the strict simulation, on both cores):
 * every phase at every thread count would triple its time. `node dist/bench/replay.bench.js` runs them all.
 */
const REPLAY_ARGS = ['--threads', '2', '--phases', 'raw,replay-strict'];
/** Far above a full run of any one benchmark: only a hung one reaches it. */
const BENCHMARK_TIMEOUT_MS = 30 * 60 * 1000;

interface Outcome {
  name: string;
  seconds: number;
  exitCode: number | null;
  figures: Figure[];
}

function run(name: string, args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, `${name}.bench.js`), ...args], {
      stdio: 'inherit',
      timeout: BENCHMARK_TIMEOUT_MS,
    });
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
}

function argumentsFor(name: string, profile: boolean): string[] {
  if (name === 'replay') {
    return REPLAY_ARGS;
  }
  return profile && name === 'http' ? ['--profile'] : [];
}

/** The figures the benchmark wrote during this run; an older file means it wrote none. */
function figuresOf(name: string, since: number): Figure[] {
  const path = join(REPO_ROOT, 'bench', 'results', `${name}.json`);
  if (!existsSync(path)) {
    return [];
  }
  const result = JSON.parse(readFileSync(path, 'utf8')) as { at: string; figures: Figure[] };
  return Date.parse(result.at) >= since ? result.figures : [];
}

function selected(): readonly string[] {
  const index = process.argv.indexOf('--only');
  if (index < 0) {
    return BENCHMARKS;
  }
  const wanted = (process.argv[index + 1] ?? '').split(',');
  const unknown = wanted.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.join(', ')}`);
  }
  return wanted;
}

async function main(): Promise<void> {
  const started = performance.now();
  const profile = process.argv.includes('--profile');
  const outcomes: Outcome[] = [];
  for (const name of selected()) {
    console.log(`\n### ${name}`);
    const since = Date.now();
    const benchStarted = performance.now();
    const exitCode = await run(name, argumentsFor(name, profile));
    outcomes.push({
      name,
      seconds: (performance.now() - benchStarted) / 1000,
      exitCode,
      figures: figuresOf(name, since),
    });
  }
  const rows = outcomes.flatMap(({ name, figures }) =>
    figures
      .filter((figure) => figure.target !== undefined)
      .map((figure) => ({
        benchmark: name,
        figure: figure.name,
        value: Number.isInteger(figure.value) ? figure.value : Number(figure.value.toFixed(2)),
        unit: figure.unit,
        target: figure.target ?? '',
        met: figure.met === true ? 'yes' : 'NO',
      })),
  );
  console.log('\n== summary: every figure with a target');
  console.table(rows);
  console.table(
    outcomes.map(({ name, seconds, exitCode }) => ({
      benchmark: name,
      seconds: Math.round(seconds),
      ran: exitCode === 0 ? 'yes' : `NO (exit ${exitCode ?? 'killed'})`,
    })),
  );
  const met = rows.filter((row) => row.met === 'yes').length;
  const total = (performance.now() - started) / 1000;
  console.log(`${met} of ${rows.length} targets met; ${Math.round(total)} s in all`);
  writeFileSync(
    join(REPO_ROOT, 'bench', 'results', 'summary.json'),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: total, outcomes }, null, 2)}\n`,
  );
  if (outcomes.some(({ exitCode }) => exitCode !== 0)) {
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
