import type { TestApp } from './support/test-app';
import { startTestApp } from './support/test-app';

/**
 * The single check is a plain Fastify route beside Nest's: it must keep the rules Nest's guard, pipe and filter give
 * every other route. The scopes, the document and the headers are held by their own specs; these are the rest.
 */
describe('GET /v1/suppressions/:address', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({ RATE_LIMITS_PER_MINUTE: 'check=3' });
  });

  afterAll(async () => {
    await api.close();
  });

  it('refuses an address a store cannot hold as a problem naming address, as the validation pipe does', async () => {
    const answer = await api.request('GET', '/v1/suppressions/jane%00@example.com');

    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({
      title: 'Bad Request',
      status: 400,
      detail: 'Invalid request: address',
      instance: '/v1/suppressions/jane%00@example.com',
      errors: [{ field: 'address' }],
    });
  });

  it('refuses a Read-After that is neither head nor a position, naming the header', async () => {
    const answer = await api.request('GET', '/v1/suppressions/jane@example.com', undefined, { 'read-after': 'soon' });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ field: 'Read-After', message: 'must be `head` or a log position' }]);
  });

  it("counts the token's check limit and answers 429 with Retry-After past it", async () => {
    // The two requests above were admitted before their own refusals, so each counted.
    const admitted = await api.request('GET', '/v1/suppressions/jane@example.com');
    expect(admitted.status).toBe(200);
    expect(admitted.body).toMatchObject({ address: 'jane@example.com', suppressed: false });

    const refused = await api.request('GET', '/v1/suppressions/jane@example.com');

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/over its check limit/);
  });

  it('answers 401 with a bearer challenge before it reads the address', async () => {
    const answer = await api.request('GET', '/v1/suppressions/jane%00@example.com', undefined, { authorization: '' });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="recipient-state"');
    expect(answer.body.errors).toEqual([{ field: 'authorization', message: 'Send Authorization: Bearer <token>' }]);
  });
});
