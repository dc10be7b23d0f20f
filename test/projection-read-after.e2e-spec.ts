import { randomBytes } from 'node:crypto';
import { dropPostgresSchemas } from '@app/read-model';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

const databaseUrl = process.env.DATABASE_URL;
const HARD = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' };

/**
 * Issue 12: a caller that got 201 for a hard bounce and asks for the address (with `Read-After: head`, or the
 * `position` the command answered) is answered `suppressed`, although the PostgreSQL read model is written by a
 * projector after the 201; readiness and metrics say where the projector and the policy follower stand.
 */
(databaseUrl === undefined ? describe.skip : describe)('read-your-writes under the PostgreSQL read model', () => {
  const schema = `e2e_read_after_${randomBytes(6).toString('hex')}`;
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ READ_MODEL: 'postgres', DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema });
  });
  afterAll(async () => {
    await api.close();
    await dropPostgresSchemas(databaseUrl ?? '', [schema]);
  });

  it('a query with Read-After: head sees every write acknowledged before it', async () => {
    for (let i = 0; i < 20; i++) {
      const address = `bounced.${i}.${Date.now()}@example.com`;
      const occurredAt = new Date(api.clock.now() - 1000).toISOString();
      const written = await api.request('POST', '/v1/bounces', { address, occurredAt, smtp: HARD });
      expect(written.status).toBe(201);
      expect(written.body.suppressed).toBe(true);

      const read = await api.request('GET', `/v1/suppressions/${encodeURIComponent(address)}`, undefined, {
        'read-after': 'head',
      });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ address, suppressed: true });
    }
  });

  it("a command's position, given to a check as Read-After, answers the state that command led to", async () => {
    for (let i = 0; i < 10; i++) {
      const address = `positioned.${i}.${Date.now()}@example.com`;
      const occurredAt = new Date(api.clock.now() - 1000).toISOString();
      const written = await api.request('POST', '/v1/bounces', { address, occurredAt, smtp: HARD });
      expect(written.status).toBe(201);
      const { position } = written.body as { position: string };
      expect(position).toMatch(/^[1-9]\d*$/);
      expect(written.headers.get('recipient-state-position')).toBe(position);

      const read = await api.client.check(address, { readAfter: position });
      expect(read).toMatchObject({ address, suppressed: true });
    }
  });

  it('answers a duplicate with a position at or past the original, and batch items with theirs', async () => {
    const address = `again.${Date.now()}@example.com`;
    const bounce = { address, occurredAt: new Date(api.clock.now() - 1000).toISOString(), smtp: HARD };
    const first = await api.client.recordBounce(bounce);
    const again = await api.request('POST', '/v1/bounces', bounce);
    expect(again.status).toBe(200);
    expect(BigInt(again.body.position)).toBeGreaterThanOrEqual(BigInt(first.position));

    const delivered = `delivered.${Date.now()}@example.com`;
    const { results } = await api.client.recordBatch([
      { type: 'bounce', ...bounce, address: delivered },
      { type: 'delivery', address: delivered, occurredAt: new Date(api.clock.now()).toISOString() },
    ] as never);
    const positions = results.map((item) => BigInt(item.result?.position ?? '0'));
    expect(positions[0]).toBeGreaterThan(BigInt(first.position));
    expect(positions[1]).toBeGreaterThanOrEqual(positions[0]!);
    const last = results[1]?.result;
    const read = await api.client.check(delivered, { readAfter: String(positions[1]) });
    expect(read).toMatchObject({ address: delivered, status: last?.status, suppressed: last?.suppressed });
    const listed = await api.client.listSuppressions({ prefix: 'delivered.' }, { readAfter: String(positions[1]) });
    expect(listed.items.some((item) => item.address === delivered)).toBe(last?.suppressed);
  });

  it('refuses a Read-After that is neither head nor a position, naming the header', async () => {
    const read = await api.request('GET', '/v1/suppressions/someone%40example.com', undefined, {
      'read-after': 'yesterday',
    });
    expect(read.status).toBe(400);
    expect(read.body.errors).toEqual([expect.objectContaining({ field: 'Read-After' })]);
  });

  it('answers 503 rather than a stale answer when the read model does not reach the position in time', async () => {
    const read = await api.request('GET', '/v1/suppressions?limit=10', undefined, { 'read-after': '999999999999' });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('1');
    expect(read.body.detail).toMatch(/position 999999999999/);
  });

  it('readiness names the projector, its lag and bound; /metrics shows its position, the log head and backlog', async () => {
    const health = await api.request('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.details.projector).toMatchObject({ status: 'up', role: 'active', boundMs: 5000 });
    expect(typeof health.body.details.projector.lagMs).toBe('number');
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.body).toMatch(/^recipient_projection_log_head \d+$/m);
    expect(metrics.body).toMatch(/^recipient_projection_backlog \d+$/m);
    expect(metrics.body).toMatch(/^recipient_projection_checkpoint \d+$/m);
  });

  it('readiness and /metrics say where the policy follower stands', async () => {
    const health = await api.request('GET', '/health');
    expect(health.body.details.policyFollower).toMatchObject({ status: 'up', pending: 0, lagMs: 0, boundMs: 5000 });
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.body).toMatch(/^recipient_policy_follower_position \d+$/m);
    expect(metrics.body).toMatch(/^recipient_policy_follower_pending_adoptions 0$/m);
    expect(metrics.body).toMatch(/^recipient_policy_follower_oldest_pending_seconds 0$/m);
    expect(metrics.body).toMatch(/^recipient_policy_follower_failing 0$/m);
  });
});
