import type { Fetch } from '@app/client';
import { createRecipientStateClient, RecipientStateProblem } from '@app/client';
import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

const MINUTE = 60_000;
const hard = { replyCode: 550, enhancedStatus: '5.1.1' };

/**
 * A network that loses the service's first answer: the request reaches the service and is handled, but the caller
 * sees a 503 asking it to retry at once. `whileLost` runs before the retry (the service's clock moving on).
 */
function losingTheFirstAnswer(whileLost: () => void = () => undefined) {
  const sent: string[] = [];
  const fetchLosingOne: Fetch = async (request) => {
    sent.push(`${request.method} ${new URL(request.url).pathname}`);
    const response = await fetch(request);
    if (sent.length > 1) {
      return response;
    }
    await response.body?.cancel();
    whileLost();
    return new Response(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '0' },
    });
  };
  return { fetch: fetchLosingOne, sent };
}

describe('the client against the service', () => {
  let api: TestApp;
  let counter = 0;
  const unique = (name: string) => `${name}.${++counter}@example.com`;
  const types = async (address: string) => (await api.client.history(address)).events.map((event) => event.type);

  beforeEach(async () => {
    api = await startTestApp();
  });
  afterEach(async () => {
    await api.close();
  });

  it('records a correction whose answer was lost once, although the retry arrives a minute later', async () => {
    const address = unique('lost-correction');
    await api.client.recordBounce({ address, occurredAt: new Date(api.clock.now()).toISOString(), smtp: hard });
    const network = losingTheFirstAnswer(() => api.clock.advance(MINUTE));
    const client = createRecipientStateClient({ baseUrl: api.baseUrl, token: api.token, fetch: network.fetch });
    const answer = await client.recordCorrection({ address, by: 'support' });
    expect(network.sent).toEqual(['POST /v1/corrections', 'POST /v1/corrections']);
    expect(answer).toMatchObject({ status: 'deliverable', recorded: false });
    const corrections = (await api.client.history(address)).events.filter((event) => event.type === 'AddressCorrected');
    expect(corrections.map((event) => event.eventId)).toEqual([answer.eventId]);
  });

  it('shows why: the same correction without an eventId, sent again a minute later, is a second correction', async () => {
    const address = unique('raw-correction');
    const body = { address, by: 'support' };
    expect((await api.client.api.POST('/v1/corrections', { body })).response.status).toBe(201);
    api.clock.advance(MINUTE);
    expect((await api.client.api.POST('/v1/corrections', { body })).response.status).toBe(201);
    expect((await types(address)).filter((type) => type === 'AddressCorrected')).toHaveLength(2);
  });

  it('answers a bounce whose answer was lost with the event its first attempt recorded', async () => {
    const address = unique('lost-bounce');
    const network = losingTheFirstAnswer();
    const client = createRecipientStateClient({ baseUrl: api.baseUrl, token: api.token, fetch: network.fetch });
    const bounce = { address, occurredAt: new Date(api.clock.now() - MINUTE).toISOString(), smtp: hard };
    const answer = await client.recordBounce(bounce);
    expect(network.sent).toHaveLength(2);
    expect(answer).toMatchObject({ status: 'suppressed', suppressed: true, recorded: false });
    expect(await types(address)).toEqual(['BounceReceived', 'RecipientSuppressed']);
  });

  it('throws a refused command as a RecipientStateProblem naming the field, and sends it once', async () => {
    const sent: string[] = [];
    const client = createRecipientStateClient({
      baseUrl: api.baseUrl,
      token: api.token,
      fetch: (request) => {
        sent.push(request.url);
        return fetch(request);
      },
    });
    const problem = await client
      .recordBounce({ address: 'jane@@example', occurredAt: '2026-03-01T10:00:00Z' })
      .catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(RecipientStateProblem);
    expect(problem).toMatchObject({ status: 400, title: 'Bad Request', instance: '/v1/bounces' });
    expect((problem as RecipientStateProblem).fieldError('address')).toMatch(/not a valid email address/);
    expect(sent).toHaveLength(1);
  });
});

describe('the client against a rate-limited service', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ RATE_LIMITS_PER_MINUTE: 'policy=1' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('waits the Retry-After of each 429 before trying again, and throws the last 429 when its attempts are spent', async () => {
    const askedToWait: number[] = [];
    const slept: number[] = [];
    let now = Date.now();
    const client = createRecipientStateClient({
      baseUrl: api.baseUrl,
      token: api.token,
      fetch: async (request) => {
        const response = await fetch(request);
        if (response.status === 429) {
          askedToWait.push(Number(response.headers.get('retry-after')) * 1000);
        }
        return response;
      },
      // The limiter's minute is not waited out: the sleeps are written down and time moves on by hand.
      retry: {
        maxAttempts: 3,
        maxElapsedMs: 10 * MINUTE,
        clock: {
          now: () => now,
          sleep: (ms) => {
            slept.push(ms);
            now += ms;
            return Promise.resolve();
          },
        },
      },
    });
    expect((await client.policy()).version).toBe('default-1');
    const problem = await client.policy().catch((error: unknown) => error);
    expect(problem).toBeInstanceOf(RecipientStateProblem);
    expect(problem).toMatchObject({ status: 429 });
    expect(askedToWait).toHaveLength(3);
    expect(askedToWait.every((ms) => ms > 0)).toBe(true);
    expect(slept).toEqual(askedToWait.slice(0, 2));
  });
});
