import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { postgresReadModelRows } from '@app/read-model';
import { CLI, run } from '../support/cli-process';
import type { TestResponse } from '../support/test-app';
import { eventually, send, withToken } from '../support/test-app';
import { AcknowledgementLedger } from './support/acknowledgement-ledger';
import { CrashableService } from './support/crashable-service';
import { freeLoopbackPort } from './support/free-port';
import type { IngestOutcome } from './support/ingest-load';
import { runIngestLoad } from './support/ingest-load';
import { IngestTraffic } from './support/ingest-traffic';
import { readEventLog } from './support/log-snapshot';
import { rowDifferences } from './support/read-model-rebuild';
import { findPostgresTools, PrivatePostgres } from './support/private-postgres';
import { SeededRandom } from './support/seeded-random';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/** Each outage: load runs for `leadMs`, PostgreSQL is stopped for `downMs`, and load goes on `afterMs` once it is back. */
const PLAN = FULL
  ? { outages: 5, warmUpRequests: 2_000, leadMs: 1_000, downMs: 8_000, afterMs: 2_000, workers: 16, recipients: 5_000 }
  : { outages: 1, warmUpRequests: 200, leadMs: 300, downMs: 1_500, afterMs: 500, workers: 8, recipients: 300 };
const LIVE_SCHEMA = 'live';
const REBUILT_SCHEMA = 'rebuilt';
/** How long the service may take to notice an outage, to recover from one, and to catch up with the log. */
const NOTICE_MS = 15_000;
const RECOVER_MS = 60_000;
const DAY = 24 * 60 * 60 * 1000;

const tools = findPostgresTools();
if (typeof tools === 'string') {
  console.warn(`PostgreSQL fault suite SKIPPED: ${tools}, so no private PostgreSQL server can run`);
}
const random = SeededRandom.fromEnvironment();

(typeof tools === 'string' ? describe.skip : describe)(
  `the PostgreSQL read model when PostgreSQL dies during projection (seed ${random.seed})`,
  () => {
    jest.setTimeout(FULL ? 900_000 : 180_000);

    let dataDir: string;
    const ledger = new AcknowledgementLedger();
    const traffic = new IngestTraffic({
      random,
      recipients: PLAN.recipients,
      hotRecipients: 10,
      hotShare: 0.2,
      batchShare: 0.1,
      maxBatch: 20,
      maxAgeMs: 10 * DAY,
      now: () => Date.now(),
    });
    const outage = { active: false, acknowledged: 0, health: [] as TestResponse[], queries: [] as TestResponse[] };
    let postgres: PrivatePostgres;
    let service: CrashableService;

    const file = (outcome: IngestOutcome): void => {
      ledger.record(outcome);
      if (outage.active && outcome.status !== undefined && outcome.status < 300) {
        outage.acknowledged++;
      }
    };
    const load = (options: { requests?: number; signal?: AbortSignal }) =>
      runIngestLoad({
        baseUrl: service.url,
        workers: PLAN.workers,
        next: () => traffic.request(),
        onOutcome: file,
        until: Date.now() + 120_000,
        maxRequests: options.requests ?? 1_000_000,
        signal: options.signal,
      });
    const health = () => send(service.url, 'GET', '/health');

    beforeAll(async () => {
      if (typeof tools === 'string') {
        return;
      }
      dataDir = mkdtempSync(join(tmpdir(), 'recipient-state-pg-faults-'));
      postgres = await PrivatePostgres.create(tools);
      service = new CrashableService({
        dataDir,
        port: await freeLoopbackPort(),
        env: {
          EVENT_STORE: 'sqlite',
          READ_MODEL: 'postgres',
          DATABASE_URL: postgres.url,
          DATABASE_SCHEMA: LIVE_SCHEMA,
          LOG_LEVEL: 'fatal',
        },
      });
      await service.start();
      await load({ requests: PLAN.warmUpRequests });
      await caughtUp(postgres.url, dataDir);
      for (let round = 0; round < PLAN.outages; round++) {
        await outageUnderLoad();
      }
      await caughtUp(postgres.url, dataDir);
    });

    afterAll(async () => {
      try {
        await service?.kill();
      } finally {
        await postgres?.destroy();
        if (dataDir !== undefined) {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    });

    /** Load throughout: PostgreSQL dies under it, stays down, comes back, and the load goes on a little longer. */
    async function outageUnderLoad(): Promise<void> {
      const stop = new AbortController();
      const running = load({ signal: stop.signal });
      await pause(PLAN.leadMs);
      outage.active = true;
      await postgres.stopImmediately();
      const downUntil = Date.now() + PLAN.downMs;
      outage.health.push(await statusOf(health, 503, NOTICE_MS));
      outage.queries.push(
        await send(service.url, 'GET', '/v1/suppressions/recipient-1%40load.example.com', undefined, withToken({})),
      );
      await pause(Math.max(0, downUntil - Date.now()));
      await postgres.start();
      outage.active = false;
      await statusOf(health, 200, RECOVER_MS);
      await pause(PLAN.afterMs);
      stop.abort();
      await running;
    }

    it('kept acknowledging commands while PostgreSQL was down, each with an answer of the contract', () => {
      expect(ledger.unexpected.slice(0, 5)).toEqual([]);
      expect(outage.acknowledged).toBeGreaterThan(0);
      expect(ledger.problemsWith(readEventLog(dataDir)).slice(0, 5)).toEqual([]);
    });

    it('reported itself not ready, and answered reads with 503 problems, while PostgreSQL was down', () => {
      expect(outage.health.map((answer) => answer.status)).toEqual(Array(PLAN.outages).fill(503));
      for (const answer of [...outage.health, ...outage.queries]) {
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
      expect(outage.health[0]?.body.checks.readModel.status).toBe('down');
      expect(outage.queries.map((answer) => answer.status)).toEqual(Array(PLAN.outages).fill(503));
    });

    it('is ready again, on the process it started with', async () => {
      expect(service.starts).toBe(1);
      expect((await health()).status).toBe(200);
    });

    it('projected every event, to exactly the rows a rebuild of the read model from the log gives', async () => {
      const log = readEventLog(dataDir);
      await service.kill();
      const rebuild = await run(CLI, ['projections', 'rebuild'], dataDir, undefined, {
        EVENT_STORE: 'sqlite',
        READ_MODEL: 'postgres',
        DATABASE_URL: postgres.url,
        DATABASE_SCHEMA: REBUILT_SCHEMA,
      });
      expect(rebuild.code).toBe(0);
      const live = await postgresReadModelRows(postgres.url, LIVE_SCHEMA);
      expect(live.projection_checkpoints).toEqual([
        expect.objectContaining({ position: String(log.at(-1)?.position) }),
      ]);
      expect(live.recipient_status?.length).toBeGreaterThan(PLAN.recipients / 2);
      expect(rowDifferences(live, await postgresReadModelRows(postgres.url, REBUILT_SCHEMA))).toEqual([]);
    });
  },
);

if (typeof tools === 'string') {
  describe('PostgreSQL fault suite', () => {
    it.skip(`SKIPPED: ${tools}`, () => undefined);
  });
}

/** Until the projector's checkpoint in PostgreSQL is the log's last position. */
async function caughtUp(url: string, dataDir: string): Promise<void> {
  const last = String(readEventLog(dataDir).at(-1)?.position);
  await eventually(
    async () =>
      expect((await postgresReadModelRows(url, LIVE_SCHEMA)).projection_checkpoints).toEqual([
        expect.objectContaining({ position: last }),
      ]),
    RECOVER_MS,
  );
}

/** The answer once it has this status; asked again and again, for at most `timeoutMs`. */
function statusOf(ask: () => Promise<TestResponse>, status: number, timeoutMs: number): Promise<TestResponse> {
  return eventually(async () => {
    const answer = await ask();
    expect(answer.status).toBe(status);
    return answer;
  }, timeoutMs);
}
