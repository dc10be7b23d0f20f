import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The OpenAPI document of the built service (`dist/`, from `npm run build`), as `npm run openapi` writes it: the
 * app is built on a throwaway data folder, without listening. Run as a program, found by path, since a lib never
 * imports an app.
 */
export async function builtServiceDocument(repositoryRoot: string): Promise<object> {
  const folder = mkdtempSync(join(tmpdir(), 'recipient-state-client-types-'));
  try {
    const target = join(folder, 'openapi.json');
    const writer = join(repositoryRoot, 'dist', 'apps', 'api', 'src', 'openapi', 'write-openapi.js');
    await run(process.execPath, [writer, target], { timeout: 60_000 });
    return JSON.parse(readFileSync(target, 'utf8')) as object;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
