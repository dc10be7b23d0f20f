import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './bench-process';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** What we aim for, when the issue sets a target. */
  target?: string;
  met?: boolean;
}

/** Prints a table and writes `bench/results/<name>.json` with the machine's core count and Node version. */
export function report(name: string, figures: Figure[], extra: Record<string, unknown> = {}): void {
  const rows = figures.map((figure) => ({
    figure: figure.name,
    value: Number.isInteger(figure.value) ? figure.value : Number(figure.value.toFixed(2)),
    unit: figure.unit,
    target: figure.target ?? '',
    met: figure.met === undefined ? '' : figure.met ? 'yes' : 'NO',
  }));
  console.log(`\n== ${name} (${cpus().length} cores, Node ${process.version})`);
  console.table(rows);
  const directory = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(directory, { recursive: true });
  const result = { name, at: new Date().toISOString(), cores: cpus().length, node: process.version, figures, ...extra };
  writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
