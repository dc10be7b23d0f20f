import { join } from 'node:path';
import { REPO_ROOT } from './bench-process';

/** `npm run bench -- --profile` (or BENCH_PROFILE=1) profiles the service's CPU during the ingest run. */
export const PROFILING = process.argv.includes('--profile') || process.env.BENCH_PROFILE === '1';

/** Node flags that write `bench/results/<name>-<time>.cpuprofile` when the service exits. */
export function cpuProfileArgs(name: string): string[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return [
    '-r',
    join(__dirname, 'exit-on-term.js'),
    '--cpu-prof',
    `--cpu-prof-dir=${join(REPO_ROOT, 'bench', 'results')}`,
    `--cpu-prof-name=${name}-${stamp}.cpuprofile`,
  ];
}
