import { recipientStreamId } from '@app/event-store';
import { resolveAddressHashKey } from '@app/recipients';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

const SMTP = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' };

describe('the trace of every event an HTTP request appends', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const traceOf = async (address: string): Promise<Record<string, unknown>[]> => {
    const streamId = recipientStreamId(address, resolveAddressHashKey(api.env.ADDRESS_HASH_KEY, api.dataDir));
    return (await api.eventStore.readStream(streamId)).map(({ type, correlationId, causationId, source }) => ({
      type,
      correlationId,
      causationId,
      source,
    }));
  };

  it('carries the request id as the correlation and http as the source, single and batched', async () => {
    const occurredAt = new Date(api.clock.now() - 60_000).toISOString();
    const single = await api.request(
      'POST',
      '/v1/bounces',
      { address: 'traced@example.com', eventId: 'traced-bounce', occurredAt, smtp: SMTP },
      { 'x-request-id': 'request-traced-1' },
    );
    expect(single.status).toBe(201);
    expect(await traceOf('traced@example.com')).toEqual([
      { type: 'BounceReceived', correlationId: 'request-traced-1', causationId: undefined, source: 'http' },
      { type: 'RecipientSuppressed', correlationId: 'request-traced-1', causationId: 'traced-bounce', source: 'http' },
    ]);
    const batch = await api.request(
      'POST',
      '/v1/events:batch',
      {
        events: [{ type: 'bounce', address: 'batched@example.com', eventId: 'batched-bounce', occurredAt, smtp: SMTP }],
      },
      { 'x-request-id': 'request-traced-2' },
    );
    expect(batch.status).toBe(200);
    expect(await traceOf('batched@example.com')).toEqual([
      { type: 'BounceReceived', correlationId: 'request-traced-2', causationId: undefined, source: 'http' },
      { type: 'RecipientSuppressed', correlationId: 'request-traced-2', causationId: 'batched-bounce', source: 'http' },
    ]);
  });
});
