import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * The OpenAPI document of the built service (`dist/`, from `npm run build`): it is started on a loopback port with
 * a throwaway data folder, asked for `/docs-json` and stopped.
 */
export async function builtServiceDocument(repositoryRoot: string): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-client-types-'));
  const service = spawn(process.execPath, [join(repositoryRoot, 'dist', 'apps', 'api', 'src', 'main.js')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    const baseUrl = await listeningUrl(service.stderr);
    const response = await fetch(`${baseUrl}/docs-json`);
    if (!response.ok) {
      throw new Error(`GET /docs-json answered ${response.status}`);
    }
    return (await response.json()) as object;
  } finally {
    service.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The service announces its address on stderr once it listens; anything else it says there is kept for errors. */
function listeningUrl(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`the service did not start: ${said}`)), STARTUP_TIMEOUT_MS);
    stderr.setEncoding('utf8');
    stderr.on('data', (chunk: string) => {
      said += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(said);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    stderr.on('end', () => {
      clearTimeout(timer);
      reject(new Error(`the service exited before listening: ${said || '(no output)'}`));
    });
  });
}
