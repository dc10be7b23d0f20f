import { NO_RATE_LIMITS } from '../../bench/support/bench-process';
import fc from 'fast-check';
import { readModelRows } from '../support/cli-process';
import type { TestApp } from '../support/test-app';
import { startTestApp } from '../support/test-app';
import type { FuzzCase } from './support/fuzz-case';
import { answerProblems, describeCase, sendCase } from './support/fuzz-case';
import type { FuzzContext } from './support/fuzz-endpoints';
import { FUZZ_ENDPOINTS } from './support/fuzz-endpoints';
import { SMTP_REPLIES } from './support/ingest-facts';
import { readEventLog } from './support/log-snapshot';
import type { ReadModelRows } from './support/read-model-rebuild';
import { SeededRandom } from './support/seeded-random';

const FULL = process.env.RELIABILITY_SCALE === 'full';
/**
 * Malformed requests in all, shared out by endpoint. In-process through `inject`, a busy two-core machine answers
 * 100,000 in 60 to 90 seconds; the CI variant sends 40,000 (every endpoint still gets thousands, and CI stays within
 * its budget beside the socket tier), the full variant a million.
 */
const TOTAL = FULL ? 1_000_000 : 40_000;
/** The service is asked whether it still serves after this many requests (and once more over a socket at the end). */
const HEALTH_EVERY = 1_000;
const HOUR = 60 * 60 * 1000;

const { seed } = SeededRandom.fromEnvironment();
const shares = FUZZ_ENDPOINTS.reduce((sum, endpoint) => sum + endpoint.share, 0);

describe(`${TOTAL.toLocaleString('en-US')} malformed requests against every endpoint (seed ${seed})`, () => {
  jest.setTimeout(FULL ? 3_600_000 : 300_000);

  let api: TestApp;
  let context: FuzzContext;
  let logBefore: number;
  let rowsBefore: ReadModelRows;
  let sent = 0;

  beforeAll(async () => {
    // Malformed requests from one token outrun any per-token limit; the limits have specs of their own.
    api = await startTestApp({ RATE_LIMITS_PER_MINUTE: NO_RATE_LIMITS });
    context = await seedState(api);
    logBefore = readEventLog(api.dataDir).length;
    rowsBefore = readModelRows(api.dataDir);
  });

  afterAll(async () => {
    await api?.close();
  });

  const stillServes = async (): Promise<void> => {
    const health = await sendCase(api.app, { method: 'GET', url: '/health', headers: {} });
    if (health.status !== 200) {
      throw new Error(`after ${sent} malformed requests /health answers ${health.status}`);
    }
  };

  it.each(FUZZ_ENDPOINTS.map((endpoint, index) => [endpoint.name, endpoint, index] as const))(
    '%s: every malformed request gets a clear 4xx naming the field and stores nothing',
    async (_name, endpoint, index) => {
      const numRuns = Math.ceil((TOTAL * endpoint.share) / shares);
      await fc.assert(
        fc.asyncProperty(endpoint.cases(context), async (fuzzCase: FuzzCase) => {
          const answer = await sendCase(api.app, fuzzCase.request);
          sent++;
          const problems = answerProblems(fuzzCase, answer);
          if (problems.length > 0) {
            const body = JSON.stringify(answer.body).slice(0, 600);
            throw new Error(`${describeCase(fuzzCase)}\n  ${problems.join('\n  ')}\n  answer: ${body}`);
          }
          if (sent % HEALTH_EVERY === 0) {
            await stillServes();
          }
        }),
        { numRuns, seed: seed + index },
      );
      expect(readEventLog(api.dataDir)).toHaveLength(logBefore);
      expect(readModelRows(api.dataDir)).toEqual(rowsBefore);
    },
  );

  it('sent them all, and still serves over its socket', async () => {
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect((await api.request('GET', '/health')).status).toBe(200);
    const seeded = await api.request('GET', `/v1/suppressions/${encodeURIComponent('seed.hard.1@example.com')}`);
    expect(seeded.body).toMatchObject({ status: 'suppressed', cause: 'hard_bounce' });
  });
});

/**
 * Recipients in every state, two restorations and two suppressions (so both lists have a second page): the fuzzer
 * needs a real restoration id and real cursors, and "nothing stored" is checked against a read model with rows.
 */
async function seedState(api: TestApp): Promise<FuzzContext> {
  const at = (ago: number) => new Date(api.clock.now() - ago).toISOString();
  const expectStatus = async (status: number, path: string, body: unknown): Promise<{ restorationId?: string }> => {
    const response = await api.request('POST', path, body);
    if (response.status !== status) {
      throw new Error(`seeding ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body as { restorationId?: string };
  };
  const restorations: string[] = [];
  for (const address of ['seed.restored@example.com', 'seed.restored.too@example.com']) {
    await expectStatus(201, '/v1/bounces', { address, occurredAt: at(3 * HOUR), smtp: SMTP_REPLIES.hard });
    restorations.push((await expectStatus(201, '/v1/corrections', { address, by: 'seed' })).restorationId ?? '');
  }
  for (const address of ['seed.hard.1@example.com', 'seed.hard.2@example.com']) {
    await expectStatus(201, '/v1/bounces', { address, occurredAt: at(2 * HOUR), smtp: SMTP_REPLIES.hard });
  }
  await expectStatus(201, '/v1/suppressions', { address: 'seed.manual@example.com', by: 'seed' });
  for (const ago of [2 * HOUR, HOUR]) {
    await expectStatus(201, '/v1/bounces', {
      address: 'seed.soft@example.com',
      occurredAt: at(ago),
      smtp: SMTP_REPLIES.soft,
    });
  }
  await expectStatus(201, '/v1/deliveries', { address: 'seed.delivered@example.com', occurredAt: at(HOUR) });
  const nextCursor = async (path: string): Promise<string> => {
    const page = await api.request('GET', path);
    if (typeof page.body?.nextCursor !== 'string') {
      throw new Error(`seeding left ${path} without a second page: ${JSON.stringify(page.body)}`);
    }
    return page.body.nextCursor as string;
  };
  return {
    now: api.clock.now(),
    skewMs: api.env.MAX_CLOCK_SKEW_SECONDS * 1000,
    bodyLimitBytes: api.env.BODY_LIMIT_BYTES,
    restorationId: restorations[0] ?? '',
    suppressionsCursor: await nextCursor('/v1/suppressions?limit=1'),
    restorationsCursor: await nextCursor('/v1/restorations?limit=1'),
  };
}
