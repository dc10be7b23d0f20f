import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_AUTHORIZATION, BENCH_TOKEN, NO_RATE_LIMITS, REPO_ROOT } from '../bench/support/bench-process';

const API = join(REPO_ROOT, 'dist/apps/api/src/main.js');
const START_TIMEOUT_MS = 20_000;

interface RunningApi {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Everything the service wrote to stdout: its log lines. */
  stdout: () => string;
  stop: () => Promise<void>;
}

/** The API as deployed, logging at info, on a port the system picks (read from its start-up line). */
function startApi(dataDir: string): Promise<RunningApi> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [API], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        POLICY_FILE: '',
        BOOTSTRAP_TOKEN: BENCH_TOKEN,
        RATE_LIMITS_PER_MINUTE: NO_RATE_LIMITS,
      },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`not listening in time:\n${stderr}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        const closed = new Promise<void>((done) => child.once('close', () => done()));
        resolve({
          child,
          port: Number(port),
          stdout: () => stdout,
          stop: () => {
            child.kill('SIGTERM');
            return closed;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
  });
}

/** A request with a Host header of our choosing (fetch always sends the URL's own). */
function getWithHost(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host, authorization: BENCH_AUTHORIZATION } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    outgoing.once('error', reject);
    outgoing.end();
  });
}

describe('logs, files and headers of the API as deployed', () => {
  let root: string;
  let dataDir: string;
  let api: RunningApi;
  let base: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'recipient-state-private-'));
    dataDir = join(root, 'data');
    api = await startApi(dataDir);
    base = `http://127.0.0.1:${api.port}`;
  });

  afterAll(async () => {
    await api.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it("answers a check with helmet's headers and cache-control: no-store", async () => {
    const response = await fetch(`${base}/v1/suppressions:check`, {
      method: 'POST',
      headers: { authorization: BENCH_AUTHORIZATION, 'content-type': 'application/json' },
      body: JSON.stringify({ addresses: ['jane@example.com'] }),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('strict-transport-security')).not.toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a DNS-rebinding request naming another host and answers localhost on its port', async () => {
    const rebound = await getWithHost(api.port, '/v1/policy', `evil.example:${api.port}`);
    expect(rebound.status).toBe(421);
    expect(JSON.parse(rebound.body)).toMatchObject({ status: 421, errors: [{ field: 'Host' }] });

    expect((await getWithHost(api.port, '/v1/policy', `localhost:${api.port}`)).status).toBe(200);
  });

  it('logs requests on addresses with =, & or a double-encoded @ without any part of their local part', async () => {
    const paths = [
      '/v1/suppressions/leaky.name%3Dx%40example.com',
      '/v1/suppressions/leaky.name=x@example.com',
      '/v1/suppressions/leaky.name&x@example.com',
      '/v1/suppressions/leaky.name%2540example.com',
      `/v1/suppressions/jane@example.com?token=${BENCH_TOKEN}`,
    ];
    for (const path of paths) {
      await fetch(`${base}${path}`, { headers: { authorization: BENCH_AUTHORIZATION } });
    }
    const accessLines = () =>
      api
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"route":"/v1/suppressions/:address"'));
    // A line is written once its response has gone: wait for the last one.
    for (let polls = 0; accessLines().length < paths.length && polls < 100; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(accessLines()).toHaveLength(paths.length);
    expect(accessLines().join('\n')).toContain('***@example.com');
    expect(api.stdout()).not.toContain('leaky');
    expect(api.stdout()).not.toContain(BENCH_TOKEN);
  });

  it('keeps DATA_DIR for its owner only (0700) and its files 0600', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dataDir).filter((name) => statSync(join(dataDir, name)).isFile());
    expect(files).toContain('recipient-state.sqlite');
    for (const name of files) {
      expect([name, statSync(join(dataDir, name)).mode & 0o777]).toEqual([name, 0o600]);
    }
  });
});
