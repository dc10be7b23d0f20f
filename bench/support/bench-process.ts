import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, whether this runs compiled from `dist/bench/support/` or from source under jest. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  let directory = from;
  while (!existsSync(join(directory, 'nest-cli.json'))) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(`No nest-cli.json above ${from}`);
    }
    directory = parent;
  }
  return directory;
}

/** The first start's token of every server started here (it holds every scope); requests send BENCH_AUTHORIZATION. */
export const BENCH_TOKEN = 'rs_bench-token-holding-every-scope-0123456789';
export const BENCH_AUTHORIZATION = `Bearer ${BENCH_TOKEN}`;
/** Load is what benchmarks and reliability runs measure: no per-token limit gets in its way. */
export const NO_RATE_LIMITS = 'check=0,ingest=0,support=0,policy=0,admin=0,metrics=0';

/** A start slower than this is a failure, not a figure: a store of millions of events starts in seconds. */
const START_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 2_000;

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  rssMb(): number;
  /** The process's high-water mark of resident memory since it started. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/** Added to every benchmark server's port, so two benchmark runs on one machine do not take each other's ports. */
const PORT_OFFSET = Number(process.env.BENCH_PORT_OFFSET ?? 0);

/** Starts a compiled entry point (`dist/...`) with its own environment and waits until /health answers 200. */
export async function startServer(
  entry: string,
  env: Record<string, string>,
  basePort: number,
  options: { nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const started = performance.now();
  const port = basePort + PORT_OFFSET;
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), join(REPO_ROOT, entry)], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      BOOTSTRAP_TOKEN: BENCH_TOKEN,
      RATE_LIMITS_PER_MINUTE: NO_RATE_LIMITS,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = started + START_TIMEOUT_MS;
  for (;;) {
    if (exited(child)) {
      throw new Error(`${entry} exited with ${child.exitCode ?? child.signalCode}`);
    }
    if (performance.now() > deadline) {
      await stopProcess(child, entry);
      throw new Error(`${entry} was not healthy within ${START_TIMEOUT_MS} ms`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      if (response.status === 200) {
        break;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const startMs = performance.now() - started;
  return {
    child,
    url,
    startMs,
    rssMb: () => rssOf(child.pid),
    peakRssMb: () => rssOf(child.pid, 'VmHWM'),
    stop: () => stopProcess(child, entry),
  };
}

/** A child killed by a signal has no exit code, only a signal code: either means it is gone. */
function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** SIGTERM, and SIGKILL if the process has not exited STOP_TIMEOUT_MS later, so a run never waits forever. */
function stopProcess(child: ChildProcess, entry: string): Promise<void> {
  return new Promise<void>((resolve) => {
    if (exited(child)) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      process.stderr.write(`${entry} did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM: sending SIGKILL\n`);
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory in MB from /proc: the current size (VmRSS) or the high-water mark (VmHWM). */
export function rssOf(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  if (pid === undefined) {
    return 0;
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match === null ? 0 : Number(match[1]) / 1024;
}
