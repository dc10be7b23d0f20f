import { createRecipientStateClient } from './recipient-state-client';
import { RecipientStateProblem } from './recipient-state-problem';
import type { Answer } from './testing/fake-service';
import { fakeClock, fakeService, json } from './testing/fake-service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const recorded = json(201, { eventId: 'e-1', status: 'deliverable', recorded: true });

function clientWith(...answers: Answer[]) {
  const service = fakeService(...answers);
  const { clock } = fakeClock();
  const client = createRecipientStateClient({
    baseUrl: 'http://recipient-state.test/',
    fetch: service.fetch,
    retry: { clock, random: () => 0 },
  });
  return { client, seen: service.seen };
}

/** The fake service's bulk check: each address answered with its position, so the merge order shows. */
const numberedCheck = (request: { body: { addresses: string[] } }) =>
  json(200, { results: request.body.addresses.map((address) => ({ address, status: 'deliverable' })) })();

describe('createRecipientStateClient', () => {
  describe('event ids', () => {
    it('gives a correction without a time its own eventId, the same on every attempt', async () => {
      const { client, seen } = clientWith(json(503, { status: 503 }, { 'retry-after': '1' }), recorded);
      await client.recordCorrection({ address: 'jane@example.com', by: 'support' });
      expect(seen).toHaveLength(2);
      const [first, second] = seen.map((request): unknown => request.body.eventId);
      expect(first).toMatch(UUID);
      expect(second).toBe(first);
    });

    it('gives a timeless correction sent through api its own eventId too', async () => {
      const { client, seen } = clientWith(json(503, { status: 503 }), recorded);
      await client.api.POST('/v1/corrections', { body: { address: 'jane@example.com', by: 'support' } });
      const [first, second] = seen.map((request): unknown => request.body.eventId);
      expect(first).toMatch(UUID);
      expect(second).toBe(first);
    });

    it('gives each correction a new eventId', async () => {
      const { client, seen } = clientWith(recorded);
      await client.recordCorrection({ address: 'jane@example.com', by: 'support' });
      await client.recordCorrection({ address: 'jane@example.com', by: 'support' });
      expect(seen[0]!.body.eventId).not.toBe(seen[1]!.body.eventId);
    });

    it('keeps the eventId a caller gave, and adds none to a correction with a time', async () => {
      const { client, seen } = clientWith(recorded);
      await client.recordCorrection({ address: 'jane@example.com', by: 'support', eventId: 'ticket-7' });
      await client.recordCorrection({ address: 'jane@example.com', by: 'support', occurredAt: '2026-03-01T10:00:00Z' });
      expect(seen[0]!.body.eventId).toBe('ticket-7');
      expect(seen[1]!.body).not.toHaveProperty('eventId');
    });

    it('leaves a fact without an eventId to the id the service derives from its payload', async () => {
      const { client, seen } = clientWith(json(503, { status: 503 }), recorded);
      const bounce = { address: 'jane@example.com', occurredAt: '2026-03-01T10:00:00Z', messageId: 'm-1' };
      await client.recordBounce(bounce);
      expect(seen.map((request): unknown => request.body)).toEqual([bounce, bounce]);
    });

    it('gives the timeless corrections of a batch an eventId and leaves the other items as they are', async () => {
      const { client, seen } = clientWith(json(200, { results: [] }));
      const delivery = { type: 'delivery', address: 'a@example.com', occurredAt: '2026-03-01T10:00:00Z' };
      const dated = { type: 'correction', address: 'b@example.com', by: 'ops', occurredAt: '2026-03-01T10:00:00Z' };
      await client.recordBatch([delivery, { type: 'correction', address: 'c@example.com', by: 'ops' }, dated] as never);
      const [sentDelivery, sentCorrection, sentDated] = seen[0]!.body.events;
      expect(sentDelivery).toEqual(delivery);
      expect(sentCorrection).toEqual({
        type: 'correction',
        address: 'c@example.com',
        by: 'ops',
        eventId: expect.stringMatching(UUID),
      });
      expect(sentDated).toEqual(dated);
    });
  });

  describe('checkMany', () => {
    it('checks 25,001 addresses in calls of 10,000, 10,000 and 5,001 and answers them in order', async () => {
      const { client, seen } = clientWith(numberedCheck);
      const addresses = Array.from({ length: 25_001 }, (_, i) => `r${i}@example.com`);
      const { results } = await client.checkMany(addresses);
      expect(seen.map((request): unknown => request.body.addresses.length)).toEqual([10_000, 10_000, 5_001]);
      expect(seen.every((request) => request.url === 'http://recipient-state.test/v1/suppressions:check')).toBe(true);
      expect(results).toHaveLength(25_001);
      expect((results as { address: string }[]).map((result) => result.address)).toEqual(addresses);
    });

    it('sends exactly 10,000 addresses in one call', async () => {
      const { client, seen } = clientWith(numberedCheck);
      await client.checkMany(Array.from({ length: 10_000 }, (_, i) => `r${i}@example.com`));
      expect(seen).toHaveLength(1);
    });

    it('answers an empty list without calling the service', async () => {
      const { client, seen } = clientWith(numberedCheck);
      expect(await client.checkMany([])).toEqual({ results: [] });
      expect(seen).toHaveLength(0);
    });

    it('refuses an answer that does not hold one result per address', async () => {
      const { client } = clientWith(json(200, { results: [{ address: 'a@example.com' }] }));
      await expect(client.checkMany(['a@example.com', 'b@example.com'])).rejects.toThrow(
        'the service answered a check of 2 addresses without 2 results',
      );
    });

    it('refuses addresses that are not a list, naming them', async () => {
      const { client } = clientWith(numberedCheck);
      await expect(client.checkMany('jane@example.com' as never)).rejects.toThrow(/addresses must be a list/);
    });

    it('stops at the first refused call with its problem', async () => {
      const problem = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'addresses: too many' };
      const { client, seen } = clientWith(numberedCheck, json(400, problem));
      const addresses = Array.from({ length: 30_000 }, (_, i) => `r${i}@example.com`);
      await expect(client.checkMany(addresses)).rejects.toMatchObject({ status: 400, detail: 'addresses: too many' });
      expect(seen).toHaveLength(2);
    });
  });

  describe('problems', () => {
    it('throws the problem the service answered, with the fields it named', async () => {
      const problem = {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'eventId e-1 was recorded with another payload',
        instance: '/v1/bounces',
        errors: [{ field: 'eventId', message: 'eventId e-1 was recorded with another payload' }],
      };
      const { client, seen } = clientWith(json(409, problem));
      const error = await client
        .recordBounce({ address: 'jane@example.com', occurredAt: '2026-03-01T10:00:00Z', eventId: 'e-1' })
        .catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(RecipientStateProblem);
      expect(error).toMatchObject({
        status: 409,
        type: 'about:blank',
        title: 'Conflict',
        detail: problem.detail,
        instance: '/v1/bounces',
        errors: problem.errors,
        message: `409 Conflict: ${problem.detail}`,
      });
      expect((error as RecipientStateProblem).fieldError('eventId')).toBe(problem.detail);
      expect(seen).toHaveLength(1);
    });

    it('throws an answer that is not a problem document with its text', async () => {
      const { client } = clientWith(() => new Response('upstream timed out', { status: 502 }));
      await expect(client.policy()).rejects.toMatchObject({
        status: 502,
        title: 'HTTP 502',
        detail: 'upstream timed out',
        errors: [],
      });
    });

    it('throws the 503 that outlasted the retries', async () => {
      const { client, seen } = clientWith(json(503, { status: 503, title: 'Service Unavailable', detail: 'later' }));
      await expect(client.check('jane@example.com')).rejects.toMatchObject({ status: 503, detail: 'later' });
      expect(seen).toHaveLength(4);
    });
  });

  describe('requests', () => {
    it('puts an address into the path encoded, and sends the token', async () => {
      const service = fakeService(json(200, { suppressed: false }));
      const client = createRecipientStateClient({
        baseUrl: 'http://recipient-state.test',
        token: 'secret-token',
        fetch: service.fetch,
      });
      await client.history('a+b/c@example.com');
      expect(service.seen[0]!.url).toBe('http://recipient-state.test/v1/recipients/a%2Bb%2Fc%40example.com/history');
      expect(service.seen[0]!.headers.get('authorization')).toBe('Bearer secret-token');
    });

    it('lifts a suppression with DELETE and the reason in the body', async () => {
      const { client, seen } = clientWith(json(201, { eventId: 'e-2', status: 'deliverable', restored: true }));
      await client.liftSuppression('jane@example.com', { by: 'support', note: 'confirmed by phone' });
      expect(seen[0]).toMatchObject({
        method: 'DELETE',
        url: 'http://recipient-state.test/v1/suppressions/jane%40example.com',
        body: { by: 'support', note: 'confirmed by phone' },
      });
    });

    it('asks for a page of history after a revision', async () => {
      const { client, seen } = clientWith(json(200, { address: 'jane@example.com', events: [], nextAfter: null }));
      await client.history('jane@example.com', { after: 500, limit: 100 });
      expect(seen[0]!.url).toBe(
        'http://recipient-state.test/v1/recipients/jane%40example.com/history?after=500&limit=100',
      );
    });

    it('sends list filters as query parameters', async () => {
      const { client, seen } = clientWith(json(200, { items: [], nextCursor: null }));
      await client.listSuppressions({ cause: 'hard_bounce', limit: 2 });
      expect(seen[0]!.url).toBe('http://recipient-state.test/v1/suppressions?cause=hard_bounce&limit=2');
    });

    it("sends a check's and a list's readAfter as Read-After, and nothing without one", async () => {
      const { client, seen } = clientWith(json(200, { address: 'jane@example.com', suppressed: true }));
      await client.check('jane@example.com', { readAfter: '1042' });
      await client.listSuppressions({ limit: 2 }, { readAfter: 'head' });
      await client.check('jane@example.com');
      expect(seen.map((request) => request.headers.get('read-after'))).toEqual(['1042', 'head', null]);
    });

    it.each(['yesterday', '-1', '1.5', ''])('refuses %j as readAfter before sending, naming it', async (readAfter) => {
      const { client, seen } = clientWith(json(200, {}));
      await expect(client.check('jane@example.com', { readAfter })).rejects.toThrow(/^readAfter must be/);
      expect(seen).toHaveLength(0);
    });

    it.each([['recipient-state:3000'], ['ftp://recipient-state.test'], [''], [undefined]])(
      'refuses %j as baseUrl, naming it',
      (baseUrl) => {
        expect(() => createRecipientStateClient({ baseUrl: baseUrl as string })).toThrow(/^baseUrl must be/);
      },
    );

    it('refuses a token that would break the header, naming it', () => {
      expect(() => createRecipientStateClient({ baseUrl: 'http://a.test', token: 'x\r\ny: z' })).toThrow(/^token must/);
    });
  });
});
