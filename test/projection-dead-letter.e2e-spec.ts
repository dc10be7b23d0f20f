import { randomBytes } from 'node:crypto';
import { decide, defaultPolicy, initialRecipientState, toStoredEvent } from '@app/domain';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { dropPostgresSchemas } from '@app/read-model';
import type { TestApp } from './support/test-app';
import { eventually, startTestApp } from './support/test-app';

const databaseUrl = process.env.DATABASE_URL;

/**
 * The issue this guards against: an event PostgreSQL cannot hold (a NUL in its eventId, written to the log without
 * passing the edge) once stopped the projection for good, silently. Now it is set aside and reported.
 */
(databaseUrl === undefined ? describe.skip : describe)('a poisoned event under the PostgreSQL read model', () => {
  const schema = `e2e_dead_${randomBytes(6).toString('hex')}`;
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ READ_MODEL: 'postgres', DATABASE_URL: databaseUrl ?? '', DATABASE_SCHEMA: schema });
  });
  afterAll(async () => {
    await api.close();
    await dropPostgresSchemas(databaseUrl ?? '', [schema]);
  });

  it('is set aside: later events are projected, /health is unready naming it, /metrics counts it', async () => {
    expect((await api.request('GET', '/health')).status).toBe(200);
    const now = api.clock.now();
    const decision = decide(
      {
        type: 'RecordBounce',
        address: 'poisoned@example.com',
        eventId: 'ev\u00001',
        occurredAt: new Date(now - 60_000).toISOString(),
        smtp: { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full' },
      },
      initialRecipientState(),
      { policy: defaultPolicy(), now, seenFacts: new Map() },
    );
    if (decision.outcome !== 'recorded') {
      throw new Error(`the poisoned bounce was ${decision.outcome}`);
    }
    const { position } = await api.eventStore.append(
      `${RECIPIENT_STREAM_PREFIX}poisoned`,
      decision.events.map((event) => toStoredEvent(event)),
      'no_stream',
    );
    const address = `after.${Date.now()}@example.com`;
    const hard = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' };
    const bounce = { address, occurredAt: new Date(now - 1000).toISOString(), smtp: hard };
    expect((await api.client.api.POST('/v1/bounces', { body: bounce })).response.status).toBe(201);

    // The suppression list is read from the read model: the later event got there past the poisoned one.
    await eventually(async () => {
      const listed = await api.client.listSuppressions({ cause: 'hard_bounce', limit: 100 });
      expect(listed.items.map((item) => item.address)).toContain(address);
    }, 15_000);
    const health = await api.request('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body.checks.projection).toMatchObject({
      status: 'down',
      deadLetters: 1,
      first: [{ position: position.toString(), type: 'BounceReceived', error: expect.stringMatching(/22P05/) }],
    });
    expect(health.body.checks.readModel).toMatchObject({ status: 'up' });
    const metrics = await api.request('GET', '/metrics');
    expect(metrics.body).toMatch(/^projection_dead_letters_total 1$/m);
  });
});
