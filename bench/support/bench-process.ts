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

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first healthy answer. */
  startMs: number;
  rssMb(): number;
  stop(): Promise<void>;
}

/** Starts a compiled entry point (`dist/...`) with its own environment and waits until /health answers 200. */
export async function startServer(entry: string, env: Record<string, string>, port: number): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(REPO_ROOT, entry)], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${entry} exited with ${child.exitCode}`);
    }
    try {
      const response = await fetch(`${url}/health`);
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
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function rssOf(pid: number | undefined): number {
  if (pid === undefined) {
    return 0;
  }
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? 0 : Number(match[1]) / 1024;
}
