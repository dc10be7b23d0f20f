import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/bench-process';
import { median } from './support/percentile';
import { replyLines } from './support/reply-lines';
import type { Figure } from './support/results';
import { report } from './support/results';

/**
 * `recipient-state classify --stdin --json` over BENCH_CLASSIFY_LINES (default 500,000) generated reply lines, once
 * with every line distinct (no memo can help) and once repeating as a day's bounce log does. Side by side, on the same
 * files, the floor: a process that reads the lines the same way and writes one JSON line per line without classifying,
 * so the ratio shows how close the classifier runs to the I/O ceiling. Each figure is the median of a few runs, less
 * the median start-up time of the same program on empty input; the CLI is held to 200,000 lines/s of wall time. The
 * same rates per CPU second of the child show what the code costs when other work shares the cores.
 *
 *   node dist/bench/classify.bench.js [--floor]   (--floor: be the floor program, reading stdin)
 */
const LINES = Number(process.env.BENCH_CLASSIFY_LINES ?? 500_000);
const RUNS = 3;
/** The floor writes in batches of this many characters, as the CLI's line writer does. */
const FLOOR_BATCH = 256 * 1024;
const TARGET_LINES_PER_SECOND = 200_000;
const CLI = join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');
/** What the floor writes for every line: a classification of typical size. */
const FLOOR_OUTPUT = JSON.stringify({
  class: 'hard',
  reason: 'mailbox_unknown',
  countsAgainstRecipient: true,
  rule: 'enhanced:5.1.1',
  classifierVersion: '2026-12.1',
});

type Variant = 'distinct' | 'repeated';

interface Program {
  name: 'classify' | 'floor';
  args: string[];
}

const PROGRAMS: readonly Program[] = [
  { name: 'classify', args: [CLI, 'classify', '--stdin', '--json'] },
  { name: 'floor', args: [__filename, '--floor'] },
];

/** The floor program: stdin in chunks, split into lines, one JSON line out per line, written in large batches. */
async function floor(): Promise<void> {
  process.stdin.setEncoding('utf8');
  let batch = '';
  let pending = '';
  const write = (text: string): void => {
    let bytes = Buffer.from(text);
    while (bytes.length > 0) {
      bytes = bytes.subarray(writeSync(1, bytes));
    }
  };
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop()!;
    for (let index = 0; index < lines.length; index++) {
      batch += `${FLOOR_OUTPUT}\n`;
      if (batch.length >= FLOOR_BATCH) {
        write(batch);
        batch = '';
      }
    }
  }
  if (pending !== '') {
    batch += `${FLOOR_OUTPUT}\n`;
  }
  write(batch);
}

interface Timing {
  wallMs: number;
  /** The child's user and system CPU time: what the work costs, however busy the machine is. */
  cpuMs: number;
}

// Linux counts CPU time in clock ticks of 10 ms (USER_HZ) in /proc.
const MS_PER_TICK = 10;

/** CPU time of this process's children that have exited and been waited for (cutime + cstime in /proc/self/stat). */
function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 16 and 17 of stat(5); the split starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * MS_PER_TICK;
}

/** Wall and CPU time from spawn to exit, with stdin read from `input` and stdout written to `output`. */
function timedRun(program: Program, input: string, output: string): Promise<Timing> {
  const stdin = openSync(input, 'r');
  const stdout = openSync(output, 'w');
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  return new Promise<Timing>((resolve, reject) => {
    const child = spawn(process.execPath, program.args, { stdio: [stdin, stdout, 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => {
      closeSync(stdin);
      closeSync(stdout);
      if (code === 0) {
        resolve({ wallMs: performance.now() - started, cpuMs: childrenCpuMs() - cpuBefore });
      } else {
        reject(new Error(`${program.name} exited with ${code}`));
      }
    });
  });
}

async function medianRun(program: Program, input: string, output: string): Promise<Timing> {
  const timings: Timing[] = [];
  for (let run = 0; run < RUNS; run++) {
    timings.push(await timedRun(program, input, output));
  }
  return { wallMs: median(timings.map(({ wallMs }) => wallMs)), cpuMs: median(timings.map(({ cpuMs }) => cpuMs)) };
}

/** Lines per second once the program's start-up is taken off. */
function rate(totalMs: number, startMs: number): number {
  return LINES / (Math.max(totalMs - startMs, 1) / 1000);
}

function countLines(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text === '' ? 0 : text.split('\n').length - 1;
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'classify-bench-'));
  try {
    const empty = join(directory, 'empty.txt');
    const output = join(directory, 'out.jsonl');
    writeFileSync(empty, '');
    const inputs = new Map<Variant, string>();
    for (const variant of ['distinct', 'repeated'] as const) {
      const path = join(directory, `${variant}.txt`);
      writeFileSync(path, `${replyLines(LINES, variant === 'distinct').join('\n')}\n`);
      inputs.set(variant, path);
    }
    const figures: Figure[] = [];
    const rates = new Map<string, number>();
    for (const program of PROGRAMS) {
      const start = await medianRun(program, empty, output);
      figures.push({ name: `${program.name} start-up (empty input)`, value: start.wallMs, unit: 'ms' });
      for (const [variant, input] of inputs) {
        const total = await medianRun(program, input, output);
        const written = countLines(output);
        if (written !== LINES) {
          throw new Error(`${program.name} wrote ${written} lines for ${LINES} (${variant})`);
        }
        const wallRate = rate(total.wallMs, start.wallMs);
        rates.set(`${program.name}:${variant}`, wallRate);
        const isClassify = program.name === 'classify';
        figures.push(
          {
            name: `${program.name} ${variant} lines`,
            value: wallRate,
            unit: 'lines/s',
            ...(isClassify && { target: `>= ${TARGET_LINES_PER_SECOND}`, met: wallRate >= TARGET_LINES_PER_SECOND }),
          },
          {
            name: `${program.name} ${variant} lines per CPU second`,
            value: rate(total.cpuMs, start.cpuMs),
            unit: 'lines/s',
          },
        );
      }
    }
    for (const variant of inputs.keys()) {
      const ratio = rates.get(`classify:${variant}`)! / rates.get(`floor:${variant}`)!;
      figures.push({ name: `classify ${variant} / floor`, value: ratio, unit: 'ratio' });
    }
    report('classify', figures, { lines: LINES, runs: RUNS, loadAverage: loadavg() });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

(process.argv.includes('--floor') ? floor() : main()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
