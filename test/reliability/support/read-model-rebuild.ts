import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReadModelRows } from '@app/read-model';
import { ok, readModelRows } from '../../support/cli-process';

export type { ReadModelRows } from '@app/read-model';

/**
 * The read model a rebuild from the log alone produces (`projections rebuild` of the CLI), on a copy of a stopped
 * service's DATA_DIR so the original stays exactly as the service left it.
 */
export async function rebuiltReadModelRows(dataDir: string): Promise<ReadModelRows> {
  const copy = mkdtempSync(join(tmpdir(), 'recipient-state-rebuild-'));
  try {
    cpSync(dataDir, copy, { recursive: true });
    await ok(copy, ['projections', 'rebuild']);
    return readModelRows(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The first rows that differ between two builds of the read model, so a failure names them instead of a huge diff. */
export function rowDifferences(actual: ReadModelRows, expected: ReadModelRows, limit = 5): string[] {
  const differences: string[] = [];
  for (const table of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const left = actual[table] ?? [];
    const right = expected[table] ?? [];
    if (left.length !== right.length) {
      differences.push(`${table}: ${left.length} rows, the rebuild has ${right.length}`);
    }
    for (let i = 0; i < Math.max(left.length, right.length) && differences.length < limit; i++) {
      const [a, b] = [JSON.stringify(left[i]), JSON.stringify(right[i])];
      if (a !== b) {
        differences.push(`${table}[${i}]: ${a} but the rebuild has ${b}`);
      }
    }
  }
  return differences;
}
