import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { dropPostgresSchemas } from '@app/read-model';
import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
import { filesHolding, filesUnder, formsOf, postgresTablesHolding } from './support/erasure-search';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

const ERASED = 'jane.doe@example.org';
const OTHERS = ['q1@example.com', 'q2@example.com'];
const unknownUser = (address: string) => ({
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: `550 5.1.1 <${address}>: Recipient address rejected: User unknown`,
});
const full = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const stricter = {
  ...DEFAULT_POLICY_DOCUMENT,
  version: 'strict-2',
  softBounce: { ...DEFAULT_POLICY_DOCUMENT.softBounce, limit: 2, quarantineAt: 1 },
};

/** Every table and column of every SQLite database under the folder, text and blobs, holding the bytes. */
function cellsHolding(directory: string, address: string): string[] {
  const needles = formsOf(address);
  const found: string[] = [];
  for (const path of filesUnder(directory).filter((file) => /\.sqlite$|\.replay-facts$/.test(file))) {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      for (const table of tables) {
        for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().iterate() as Iterable<unknown[]>) {
          const hit = row.some((cell) => {
            const bytes = Buffer.isBuffer(cell) ? cell : Buffer.from(String(cell), 'utf8');
            return needles.some((needle) => bytes.includes(needle));
          });
          if (hit) {
            found.push(`${path}:${table}`);
          }
        }
      }
    } finally {
      db.close();
    }
  }
  return found;
}

describe('erasing a recipient on the embedded store', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    const bounce = { address: ERASED, occurredAt: '2026-03-01T10:00:00Z', smtp: unknownUser(ERASED) };
    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);
    for (const address of OTHERS) {
      for (const hour of [10, 11]) {
        const soft = { address, occurredAt: `2026-03-01T${hour}:00:00Z`, smtp: full };
        expect((await api.request('POST', '/v1/bounces', soft)).status).toBe(201);
      }
    }
    // The replay projection now holds every recipient's facts and the bounce replies, the erased one's included.
    expect((await api.request('POST', '/v1/policy/simulations', stricter)).status).toBe(200);
    expect(filesHolding(api.dataDir, ERASED)).not.toEqual([]);
  });
  afterAll(() => api.close());

  it('leaves the address in no file, table or column, and answers the check suppressed with cause erased', async () => {
    const erased = await api.request('DELETE', `/v1/recipients/${encodeURIComponent('Jane.Doe@Example.org')}`, {
      by: 'privacy-officer',
      reason: 'GDPR art. 17 request #4411',
    });

    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ eventId: expect.any(String), erasedEvents: 2, keepSuppression: true });
    expect(cellsHolding(api.dataDir, ERASED)).toEqual([]);
    expect(filesHolding(api.dataDir, ERASED)).toEqual([]);
    const check = await api.request('GET', `/v1/suppressions/${ERASED}`);
    expect(check.body).toMatchObject({ status: 'suppressed', suppressed: true, cause: 'erased' });
    expect(check.body.reason).toBe('GDPR art. 17 request #4411');
    const bulk = await api.request('POST', '/v1/suppressions:check', { addresses: [ERASED, 'never@example.com'] });
    expect(bulk.body.results).toEqual([
      { address: ERASED, suppressed: true, status: 'suppressed' },
      { address: 'never@example.com', suppressed: false, status: 'deliverable' },
    ]);
  });

  it('keeps simulating and projecting afterwards, over the recipients that remain', async () => {
    const report = await api.client.simulatePolicy(stricter);
    expect(report.totals).toMatchObject({ recipients: OTHERS.length, changed: OTHERS.length });

    const bounce = {
      address: 'later@example.com',
      occurredAt: '2026-03-01T11:30:00Z',
      smtp: unknownUser('later@example.com'),
    };
    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);
    expect((await api.request('GET', '/v1/suppressions/later@example.com')).body).toMatchObject({
      cause: 'hard_bounce',
    });
  });

  it('records a later bounce of the erased address, and the check still answers erased', async () => {
    const bounce = { address: ERASED, occurredAt: '2026-03-01T11:45:00Z', smtp: unknownUser(ERASED) };

    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);

    const history = await api.request('GET', `/v1/recipients/${ERASED}/history`);
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual([
      'BounceReceived',
      'RecipientSuppressed',
    ]);
    expect((await api.request('GET', `/v1/suppressions/${ERASED}`)).body).toMatchObject({ cause: 'erased' });
  });

  it('refuses an erasure without a reason, naming it', async () => {
    const response = await api.request('DELETE', '/v1/recipients/q1@example.com', { by: 'privacy-officer' });

    expect(response.status).toBe(400);
    expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['reason']));
  });
});

describe('the allowlist', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('keeps a bounced address of an allowlisted domain deliverable, with the bounce recorded and explained', async () => {
    const added = await api.request('POST', '/v1/allowlist', {
      entry: 'Company.Example',
      by: 'postmaster',
      reason: 'our own domain',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ entry: 'company.example', kind: 'domain', by: 'postmaster' });
    const bounce = {
      address: 'ops@company.example',
      occurredAt: '2026-03-01T10:00:00Z',
      smtp: unknownUser('ops@company.example'),
    };

    expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);

    expect((await api.request('GET', '/v1/suppressions/ops@company.example')).body).toEqual({
      address: 'ops@company.example',
      status: 'deliverable',
      suppressed: false,
      restored: false,
      allowlisted: true,
    });
    const history = await api.request('GET', '/v1/recipients/ops@company.example/history');
    expect(history.body.events[0]).toMatchObject({ type: 'BounceReceived', explanation: expect.any(String) });
    expect(history.body.allowlisted).toMatchObject({
      entry: 'company.example',
      kind: 'domain',
      by: 'postmaster',
      withheld: { status: 'suppressed', revision: 1 },
      explanation: expect.stringMatching(
        /^Checks answer deliverable although .* allowlisted by the domain entry company\.example, added by postmaster/,
      ),
    });
    expect((await api.request('GET', '/v1/recipients/ops@company.example')).body.allowlisted).toMatchObject({
      withheld: { status: 'suppressed', cause: 'hard_bounce' },
    });
    // The list keeps the recorded suppression but answers it as the check does.
    const listed = await api.request('GET', '/v1/suppressions?domain=company.example');
    expect(listed.body.items).toEqual([
      { address: 'ops@company.example', status: 'deliverable', suppressed: false, restored: false, allowlisted: true },
    ]);
    expect((await api.request('GET', '/v1/allowlist')).body.items).toEqual([
      expect.objectContaining({ entry: 'company.example', reason: 'our own domain' }),
    ]);
    expect(
      (await api.request('POST', '/v1/allowlist', { entry: 'company.example', by: 'x', reason: 'again' })).status,
    ).toBe(200);
  });

  it('answers what was recorded once the entry is removed', async () => {
    const removed = await api.request('DELETE', '/v1/allowlist', {
      entry: 'company.example',
      by: 'postmaster',
      reason: 'sold',
    });

    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ entry: 'company.example', by: 'postmaster', reason: 'our own domain' });
    expect((await api.request('GET', '/v1/suppressions/ops@company.example')).body).toMatchObject({
      status: 'suppressed',
      cause: 'hard_bounce',
    });
    expect((await api.request('GET', '/v1/recipients/ops@company.example/history')).body.allowlisted).toBeUndefined();
    expect((await api.request('GET', '/v1/suppressions?domain=company.example')).body.items).toEqual([
      expect.objectContaining({ address: 'ops@company.example', status: 'suppressed', cause: 'hard_bounce' }),
    ]);
    const again = await api.request('DELETE', '/v1/allowlist', {
      entry: 'company.example',
      by: 'postmaster',
      reason: 'sold',
    });
    expect(again.status).toBe(404);
  });

  it('refuses an entry that is neither an address nor a domain, naming entry', async () => {
    const response = await api.request('POST', '/v1/allowlist', {
      entry: 'not a domain',
      by: 'postmaster',
      reason: 'r',
    });

    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['entry']);
  });
});

const databaseUrl = process.env.DATABASE_URL;
(databaseUrl === undefined || databaseUrl === '' ? describe.skip : describe)(
  'erasing a recipient with the PostgreSQL read model',
  () => {
    const connectionString = databaseUrl ?? '';
    const schema = `e2e_erasure_${randomBytes(6).toString('hex')}`;
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp({ READ_MODEL: 'postgres', DATABASE_URL: connectionString, DATABASE_SCHEMA: schema });
    });
    afterAll(async () => {
      await api.close();
      await dropPostgresSchemas(connectionString, [schema]);
    });

    it('leaves the address in no table of the schema and no file, once the projector had shown it', async () => {
      const bounce = { address: ERASED, occurredAt: '2026-03-01T10:00:00Z', smtp: unknownUser(ERASED) };
      expect((await api.request('POST', '/v1/bounces', bounce)).status).toBe(201);
      for (let attempt = 0; (await postgresTablesHolding(connectionString, schema, ERASED)).length === 0; attempt++) {
        expect(attempt).toBeLessThan(100);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      const erased = await api.request('DELETE', `/v1/recipients/${ERASED}`, { by: 'dpo', reason: 'GDPR art. 17' });

      expect(erased.status).toBe(200);
      expect(await postgresTablesHolding(connectionString, schema, ERASED)).toEqual([]);
      expect(filesHolding(api.dataDir, ERASED)).toEqual([]);
      expect((await api.request('GET', `/v1/suppressions/${ERASED}`)).body).toMatchObject({ cause: 'erased' });
    });
  },
);
