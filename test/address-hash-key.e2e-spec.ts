import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ADDRESS_HASH_KEY_FILE, addressHashKeyFingerprint } from '@app/recipients';
import type { Run } from './support/cli-process';
import { cli, CLI, ROOT, run, tempDir } from './support/cli-process';

const API = join(ROOT, 'dist', 'apps', 'api', 'src', 'main.js');
const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

/** The API as deployed; a start that is refused exits on its own, one that is not is stopped after a while. */
function startApi(dataDir: string, env: Record<string, string>): Promise<Run & { stillRunning: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [API], {
      cwd: dataDir,
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', POLICY_FILE: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    let stillRunning = false;
    const timer = setTimeout(() => {
      stillRunning = true;
      child.kill('SIGTERM');
    }, 15_000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, stillRunning });
    });
  });
}

describe('the API refuses an address-hash key other than its store was created with', () => {
  // Each case starts the compiled service once or twice; a busy machine takes seconds per start.
  jest.setTimeout(60_000);
  let dataDir: string;

  beforeEach(() => {
    dataDir = tempDir();
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on a fresh DATA_DIR with no setup, generating the key', async () => {
    const exported = await cli(dataDir, ['export', '--format', 'csv']);

    expect(exported.code).toBe(0);
    expect(readFileSync(join(dataDir, ADDRESS_HASH_KEY_FILE), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('exits non-zero naming both fingerprints when the store was created with another key', async () => {
    const created = await run(CLI, ['export'], dataDir, undefined, {
      ADDRESS_HASH_KEY: KEY_A,
    });
    expect(created.code).toBe(0);
    expect(existsSync(join(dataDir, ADDRESS_HASH_KEY_FILE))).toBe(false);

    const refused = await startApi(dataDir, { ADDRESS_HASH_KEY: KEY_B });

    expect(refused.stillRunning).toBe(false);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      `whose fingerprint is ${addressHashKeyFingerprint(KEY_A)}, but the key from ADDRESS_HASH_KEY has fingerprint ` +
        `${addressHashKeyFingerprint(KEY_B)}. Rotating the key in place is not supported`,
    );
  });

  it('exits non-zero when ADDRESS_HASH_KEY differs from the generated key file', async () => {
    expect((await cli(dataDir, ['export'])).code).toBe(0);

    const refused = await startApi(dataDir, { ADDRESS_HASH_KEY: KEY_B });

    expect(refused.stillRunning).toBe(false);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('ADDRESS_HASH_KEY differs from the key in');
  });

  it('exits with code 2 naming ADDRESS_HASH_KEY when it is too short', async () => {
    const refused = await startApi(dataDir, { ADDRESS_HASH_KEY: 'development-only-address-hash-key' });

    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ADDRESS_HASH_KEY must be at least 64 hex characters');
  });
});
