import { retryPolicy } from './retry-options';
import type { RetryOptions } from './retry-options';
import { retryingFetch } from './retrying-fetch';
import { failure, fakeClock, fakeService, json } from './testing/fake-service';

const unavailable = (headers: Record<string, string> = {}) =>
  json(503, { status: 503, title: 'Service Unavailable' }, headers);
const created = json(201, { eventId: 'e-1', recorded: true });

function setUp(answers: Parameters<typeof fakeService>, options: RetryOptions = {}) {
  const service = fakeService(...answers);
  const { clock, sleeps } = fakeClock();
  const send = retryingFetch(service.fetch, retryPolicy({ clock, random: () => 0.5, ...options }));
  const post = () =>
    send(new Request('http://service.test/v1/bounces', { method: 'POST', body: JSON.stringify({ a: 1 }) }));
  return { service, sleeps, post, clock };
}

describe('retryingFetch', () => {
  it('waits the seconds a 503 asks for, then sends the same request again', async () => {
    const { service, sleeps, post } = setUp([unavailable({ 'retry-after': '2' }), created]);
    const response = await post();
    expect(response.status).toBe(201);
    expect(sleeps).toEqual([2_000]);
    expect(service.seen.map((request): unknown => request.body)).toEqual([{ a: 1 }, { a: 1 }]);
  });

  it('waits until the HTTP date a 429 names', async () => {
    const { clock } = fakeClock();
    const later = new Date(clock.now() + 7_000).toUTCString();
    const { sleeps, post } = setUp([json(429, { status: 429 }, { 'retry-after': later }), created]);
    expect((await post()).status).toBe(201);
    expect(sleeps).toEqual([7_000]);
  });

  it('backs off with jitter under a doubling ceiling when no Retry-After is given', async () => {
    const { service, sleeps, post } = setUp([unavailable()], { maxAttempts: 4, baseDelayMs: 200 });
    const response = await post();
    expect(response.status).toBe(503);
    expect(service.seen).toHaveLength(4);
    // random() = 0.5 of ceilings 200, 400 and 800 ms
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('caps the backoff ceiling at maxDelayMs', async () => {
    const { sleeps, post } = setUp([unavailable()], { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 1_500 });
    await post();
    expect(sleeps).toEqual([500, 750, 750]);
  });

  it.each([400, 401, 403, 404, 409, 413, 500])('answers %i at once, without a retry', async (status) => {
    const { service, sleeps, post } = setUp([json(status, { status }, { 'retry-after': '1' }), created]);
    expect((await post()).status).toBe(status);
    expect(service.seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('returns the last refusal after maxAttempts', async () => {
    const { service, post } = setUp([unavailable({ 'retry-after': '1' })], { maxAttempts: 3 });
    const response = await post();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ title: 'Service Unavailable' });
    expect(service.seen).toHaveLength(3);
  });

  it('starts no retry that would begin after maxElapsedMs', async () => {
    const { service, sleeps, post } = setUp(
      [unavailable({ 'retry-after': '20' }), unavailable({ 'retry-after': '20' })],
      {
        maxElapsedMs: 30_000,
      },
    );
    expect((await post()).status).toBe(503);
    expect(sleeps).toEqual([20_000]);
    expect(service.seen).toHaveLength(2);
  });

  it('retries a request that never reached the service', async () => {
    const { service, post } = setUp([failure(new TypeError('fetch failed')), created]);
    expect((await post()).status).toBe(201);
    expect(service.seen).toHaveLength(2);
  });

  it('gives the network failure to the caller once the attempts are spent', async () => {
    const { post } = setUp([failure(new TypeError('fetch failed'))], { maxAttempts: 2 });
    await expect(post()).rejects.toThrow('fetch failed');
  });

  it('does not retry an aborted request', async () => {
    const abort = new DOMException('stopped', 'AbortError');
    const { service, post } = setUp([failure(abort), created]);
    await expect(post()).rejects.toBe(abort);
    expect(service.seen).toHaveLength(1);
  });

  it('sends once when retries are off', async () => {
    const service = fakeService(unavailable({ 'retry-after': '1' }), created);
    const send = retryingFetch(service.fetch, retryPolicy(false));
    expect((await send(new Request('http://service.test/health'))).status).toBe(503);
    expect(service.seen).toHaveLength(1);
  });

  it.each([
    [{ maxAttempts: 0 }, 'retry.maxAttempts'],
    [{ maxElapsedMs: -1 }, 'retry.maxElapsedMs'],
    [{ baseDelayMs: 1.5 }, 'retry.baseDelayMs'],
    [{ maxDelayMs: Number.NaN }, 'retry.maxDelayMs'],
  ])('refuses %j, naming the option', (options, name) => {
    expect(() => retryPolicy(options)).toThrow(new RegExp(`^${name.replace('.', '\\.')} must be`));
  });
});
