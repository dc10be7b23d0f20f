import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RecipientStateClient } from '@app/client';
import { createRecipientStateClient } from '@app/client';
import type { Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { defaultPolicy } from '@app/domain';
import type { Environment } from '@app/recipients';
import { loadEnvironment } from '@app/recipients';
// The one file outside apps/ that imports the API: end-to-end tests drive the service itself, in process.
import { createApp } from '../../apps/api/src/create-app';
import { EVENT_STORE } from '../../apps/api/src/stores/tokens';
import { BENCH_TOKEN } from '../../bench/support/bench-process';
import { ControllableClock } from './controllable-clock';

/**
 * The token every test app starts with, the one servers spawned by tests and benchmarks start with too: the first
 * start's token, holding every scope. `request` and the client send it unless told otherwise.
 */
export const TEST_TOKEN = BENCH_TOKEN;
export const TEST_AUTHORIZATION = `Bearer ${TEST_TOKEN}`;

export interface TestApp {
  app: NestFastifyApplication;
  /** The service's own event store (fault injection reaches its connection through it). */
  eventStore: EventStore;
  baseUrl: string;
  /** The typed client internal services use; `request` stays for what the contract refuses (malformed bodies). */
  client: RecipientStateClient;
  clock: ControllableClock;
  env: Environment;
  dataDir: string;
  /** The bootstrap token (every scope), sent by `request` and the client. */
  token: string;
  /**
   * Sends the bootstrap token unless `headers` has its own `authorization`; an empty `authorization` sends none.
   */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** Starts the real service on an ephemeral loopback port with its own data folder. */
export async function startTestApp(
  overrides: Record<string, string> = {},
  options: { policy?: Policy; clock?: ControllableClock; dataDir?: string } = {},
): Promise<TestApp> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'recipient-state-e2e-'));
  const env = loadEnvironment({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PORT: '0',
    BOOTSTRAP_TOKEN: TEST_TOKEN,
    ...overrides,
  });
  const clock = options.clock ?? new ControllableClock();
  const app = await createApp({ env, policy: options.policy ?? defaultPolicy(), clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    eventStore: app.get<EventStore>(EVENT_STORE),
    baseUrl,
    client: createRecipientStateClient({ baseUrl, token: env.BOOTSTRAP_TOKEN ?? TEST_TOKEN }),
    token: env.BOOTSTRAP_TOKEN ?? TEST_TOKEN,
    clock,
    env,
    dataDir,
    request: (method, path, body, headers = {}) =>
      send(baseUrl, method, path, body, withToken(headers, env.BOOTSTRAP_TOKEN ?? TEST_TOKEN)),
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData && options.dataDir === undefined) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** The caller's headers with the bearer token, unless they carry an `authorization` of their own ('' for none). */
export function withToken(headers: Record<string, string>, token: string = TEST_TOKEN): Record<string, string> {
  const own = Object.keys(headers).find((name) => name.toLowerCase() === 'authorization');
  if (own === undefined) {
    return { ...headers, authorization: `Bearer ${token}` };
  }
  if (headers[own] === '') {
    const { [own]: _none, ...rest } = headers;
    return rest;
  }
  return headers;
}

export async function send(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const response = await fetch(baseUrl + path, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** Retries an assertion until it passes or the time is up (for a read model that follows the log). */
export async function eventually<T>(assertion: () => Promise<T>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
