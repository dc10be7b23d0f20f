import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropPostgresSchemas } from '@app/read-model';
import { BENCH_AUTHORIZATION, BENCH_TOKEN, NO_RATE_LIMITS, REPO_ROOT } from '../bench/support/bench-process';
import { PostgresDoor } from './support/postgres-door';
import type { TestResponse } from './support/test-app';
import { eventually, send } from './support/test-app';

const API = join(REPO_ROOT, 'dist/apps/api/src/main.js');
const databaseUrl = process.env.DATABASE_URL;
const START_TIMEOUT_MS = 20_000;
/** What shutdown may take: the projector's bound (set below) and the thread's own margin, well inside this. */
const PROJECTOR_CLOSE_TIMEOUT_MS = 2_000;
const EXIT_WITHIN_MS = 15_000;

interface RunningApi {
  child: ChildProcessWithoutNullStreams;
  base: string;
  /** The log lines the service wrote so far (pino JSON on stdout), by message. */
  messages(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The API as deployed (the projector on its own thread) over a PostgreSQL read model reached through `door`. */
function startApi(dataDir: string, door: PostgresDoor, schema: string): Promise<RunningApi> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [API], {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        POLICY_FILE: '',
        READ_MODEL: 'postgres',
        DATABASE_URL: door.url,
        DATABASE_SCHEMA: schema,
        PROJECTOR_CLOSE_TIMEOUT_MS: String(PROJECTOR_CLOSE_TIMEOUT_MS),
        BOOTSTRAP_TOKEN: BENCH_TOKEN,
        RATE_LIMITS_PER_MINUTE: NO_RATE_LIMITS,
      },
    });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
      child.once('exit', (code, signal) => done({ code, signal })),
    );
    const timer = setTimeout(() => reject(new Error(`not listening in time:\n${stderr}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const port = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr)?.[1];
      if (port !== undefined) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${port}`, messages: () => messagesOf(stdout), exited });
      }
    });
    void exited.then(({ code }) => reject(new Error(`exited with ${code} before listening:\n${stderr}`)));
  });
}

function messagesOf(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg?: string }).msg ?? '');
}

const HARD = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' };

/**
 * Issue 12: the service starts and records commands while PostgreSQL is down; queries the read model answers are
 * 503 until it is back, readiness says why, and once PostgreSQL answers the projector migrates, catches up and the
 * recorded state is answered. A SIGTERM during the outage still ends the process within its bound.
 */
(databaseUrl === undefined ? describe.skip : describe)('starting while PostgreSQL is down', () => {
  jest.setTimeout(90_000);
  const schemas: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
    await dropPostgresSchemas(databaseUrl ?? '', schemas);
  });

  async function outage(): Promise<{ door: PostgresDoor; api: RunningApi; request: typeof requestOf }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-pg-outage-'));
    const schema = `e2e_outage_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    const door = await PostgresDoor.closed(databaseUrl ?? '');
    const api = await startApi(dataDir, door, schema);
    cleanups.push(async () => {
      if (api.child.exitCode === null && api.child.signalCode === null) {
        api.child.kill('SIGKILL');
        await api.exited;
      }
      await door.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    return { door, api, request: requestOf };

    function requestOf(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      return send(api.base, method, path, body, { authorization: BENCH_AUTHORIZATION, ...headers });
    }
  }

  it('records a hard bounce, answers its check 503 until PostgreSQL is up, then suppressed', async () => {
    const { door, api, request } = await outage();

    expect((await request('GET', '/health/live')).status).toBe(200);
    const unready = await request('GET', '/health');
    expect(unready.status).toBe(503);
    expect(unready.body.checks.readModel).toEqual({
      status: 'down',
      message: expect.stringMatching(/^PostgreSQL is unavailable \(ECONNREFUSED/),
    });
    expect(unready.body.checks.projector).toMatchObject({ status: 'down', message: expect.stringMatching(/failing/) });

    const address = `outage.${Date.now()}@example.com`;
    const bounce = await request('POST', '/v1/bounces', {
      address,
      occurredAt: new Date(Date.now() - 1000).toISOString(),
      smtp: HARD,
    });
    expect(bounce.status).toBe(201);
    expect(bounce.body).toMatchObject({ suppressed: true, recorded: true, position: expect.stringMatching(/^\d+$/) });
    const batch = await request('POST', '/v1/events:batch', {
      events: [
        { type: 'delivery', address: `other.${address}`, occurredAt: new Date(Date.now() - 1000).toISOString() },
      ],
    });
    expect(batch.body.results).toEqual([expect.objectContaining({ status: 201 })]);

    const check = (headers: Record<string, string> = {}): Promise<TestResponse> =>
      request('GET', `/v1/suppressions/${encodeURIComponent(address)}`, undefined, headers);
    for (const during of [await check(), await check({ 'read-after': 'head' })]) {
      expect(during.status).toBe(503);
      expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(during.headers.get('retry-after')).toBe('1');
      expect(during.body.detail).toMatch(/read model cannot be reached/);
    }

    await door.up();
    await eventually(async () => expect((await request('GET', '/health')).status).toBe(200), 30_000);
    const ready = await request('GET', '/health');
    expect(ready.body.details).toMatchObject({
      readModel: { status: 'up' },
      projector: { status: 'up', role: 'active' },
      policyFollower: { status: 'up' },
    });

    for (const readAfter of ['head', bounce.body.position as string]) {
      const after = await check({ 'read-after': readAfter });
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({ address, suppressed: true });
    }
    const messages = api.messages();
    expect(messages.filter((message) => message.startsWith('Projection is failing'))).toEqual([
      expect.stringMatching(/PostgreSQL is unavailable \(ECONNREFUSED/),
    ]);
    expect(messages.filter((message) => message === 'Projection recovered')).toHaveLength(1);
    expect(messages.filter((message) => message.startsWith('Standing by'))).toEqual([]);
  });

  it('ends on SIGTERM during the outage within its shutdown bound', async () => {
    const { api, request } = await outage();
    expect((await request('GET', '/health')).status).toBe(503);

    api.child.kill('SIGTERM');
    const deadline = new Promise<'still running'>((resolve) =>
      setTimeout(() => resolve('still running'), EXIT_WITHIN_MS).unref(),
    );
    const ended = await Promise.race([api.exited, deadline]);
    if (ended === 'still running') {
      throw new Error(`the service was still running ${EXIT_WITHIN_MS} ms after SIGTERM`);
    }
    // Nest closes the app, then lets the signal end the process as it would have; a failed shutdown exits 1.
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
  });
});
