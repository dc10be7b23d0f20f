import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

const full = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const stricter = {
  ...DEFAULT_POLICY_DOCUMENT,
  version: 'strict-2',
  softBounce: { ...DEFAULT_POLICY_DOCUMENT.softBounce, limit: 2, quarantineAt: 1 },
};

describe('POST /v1/policy/simulations', () => {
  let api: TestApp;
  const quarantined = ['q1@example.com', 'q2@example.com', 'q3@example.com'];

  beforeAll(async () => {
    api = await startTestApp();
    for (const address of quarantined) {
      for (const hour of [10, 11]) {
        const bounce = { address, occurredAt: `2026-03-01T${hour}:00:00Z`, smtp: full };
        expect((await api.client.api.POST('/v1/bounces', { body: bounce })).response.status).toBe(201);
      }
    }
    const delivered = { address: 'fine@example.com', occurredAt: '2026-03-01T10:00:00Z' };
    expect((await api.client.api.POST('/v1/deliveries', { body: delivered })).response.status).toBe(201);
  });
  afterAll(() => api.close());

  it('reports no change under the policy in force', async () => {
    // The report of a 200: the client throws any other answer as a problem.
    const report = await api.client.simulatePolicy(DEFAULT_POLICY_DOCUMENT);
    expect(report.totals).toMatchObject({ recipients: 4, changed: 0 });
    expect(report.changes).toEqual([]);
    expect(report.matrix.quarantined?.quarantined).toBe(3);
  });

  it('lists who a stricter policy would suppress, with the evidence and an explanation', async () => {
    const report = await api.client.simulatePolicy(stricter);
    expect(report).toMatchObject({ currentPolicy: 'default-1', candidatePolicy: 'strict-2', changesOmitted: 0 });
    expect(report.totals.transitions).toEqual({ 'quarantined -> suppressed': 3 });
    expect(report.matrix.quarantined?.suppressed).toBe(3);
    const changed = report.changes.map((change) => change.address).sort();
    expect(changed).toEqual(quarantined);
    const [example] = report.examples;
    expect(example?.evidence).toHaveLength(2);
    expect(example?.explanation).toEqual(expect.any(String));
  });

  it('streams every change, then the report, as NDJSON', async () => {
    const response = await api.request('POST', '/v1/policy/simulations?format=ndjson', stricter);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (response.body as string)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; totals?: { changed: number } });
    expect(lines.map((line) => line.type)).toEqual(['change', 'change', 'change', 'report']);
    expect(lines[3]?.totals?.changed).toBe(3);
  });

  it('names every invalid field of the candidate and records nothing', async () => {
    const before = await api.client.history('q1@example.com');
    const response = await api.request('POST', '/v1/policy/simulations', {
      ...stricter,
      softBounce: { limit: 0, window: 'seven days' },
    });
    expect(response.status).toBe(400);
    const fields = response.body.errors.map((error: { field: string }) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['softBounce.limit', 'softBounce.window']));
    const after = await api.client.history('q1@example.com');
    expect(after.events).toHaveLength(before.events.length);
  });

  it('rejects an unknown format', async () => {
    const response = await api.request('POST', '/v1/policy/simulations?format=xml', stricter);
    expect(response.status).toBe(400);
    expect(response.body.errors[0].field).toBe('format');
  });
});
