import { describeApiScenarios } from './support/api-scenarios';
import { startTestApp } from './support/test-app';

describe('the API on the embedded store', () => {
  describeApiScenarios(() => startTestApp());

  it('keeps every acknowledged event across a restart', async () => {
    const first = await startTestApp();
    const address = 'restart@example.com';
    const recorded = await first.client.api.POST('/v1/bounces', {
      body: { address, occurredAt: '2026-03-01T11:00:00Z', smtp: { replyCode: 550, enhancedStatus: '5.1.1' } },
    });
    expect(recorded.response.status).toBe(201);
    await first.close({ keepData: true });
    const second = await startTestApp({}, { dataDir: first.dataDir });
    try {
      expect(await second.client.check(address)).toMatchObject({ suppressed: true, cause: 'hard_bounce' });
      const history = await second.client.history(address);
      expect(history.events).toHaveLength(2);
    } finally {
      await second.close();
    }
  });
});
