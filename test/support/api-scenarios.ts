import { RecipientStateProblem } from '@app/client';
import type { TestApp } from './test-app';
import { eventually } from './test-app';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const hard = {
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown',
};
const full = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const reputation = {
  replyCode: 550,
  enhancedStatus: '5.7.1',
  diagnostic:
    "550 5.7.1 Unfortunately, messages from [203.0.113.7] weren't sent. Part of their network is on our block list (S3150).",
};

/** The problem a client call was answered with; fails when it succeeded. */
async function problemOf(call: Promise<unknown>): Promise<RecipientStateProblem> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(RecipientStateProblem);
  return outcome as RecipientStateProblem;
}

/**
 * The HTTP contract, run against each deployment. `start` gives a fresh service; reads go through `eventually`
 * because a read model that follows the log may trail a write by a few milliseconds. Well-formed requests go through
 * the typed client (`api.client`; its `api` where a test reads the status), what the contract refuses through
 * `api.request`.
 */
export function describeApiScenarios(start: () => Promise<TestApp>): void {
  let api: TestApp;
  let counter = 0;
  const unique = (name: string) => `${name}.${++counter}.${Date.now()}@example.com`;
  const at = (offsetMs = 0) => new Date(api.clock.now() - 60_000 + offsetMs).toISOString();

  beforeEach(async () => {
    api = await start();
  });
  afterEach(async () => {
    await api.close();
  });

  const suppression = (address: string) => api.client.check(address);

  describe('POST /v1/bounces', () => {
    it('suppresses on a hard bounce and says so at once', async () => {
      const address = unique('hard');
      const { data, response } = await api.client.api.POST('/v1/bounces', {
        body: { address, occurredAt: at(), smtp: hard },
      });
      expect(response.status).toBe(201);
      expect(data).toMatchObject({ address, status: 'suppressed', suppressed: true });
      expect(data?.decision).toMatchObject({ type: 'RecipientSuppressed', cause: 'hard_bounce' });
      await eventually(async () =>
        expect(await suppression(address)).toMatchObject({
          suppressed: true,
          status: 'suppressed',
          cause: 'hard_bounce',
          reason: 'mailbox_unknown',
        }),
      );
    });

    it('answers a redelivered webhook with 200 and the original event id, and a changed payload with 409', async () => {
      const address = unique('dup');
      const body = { address, occurredAt: at(), smtp: hard, messageId: 'm-1', source: 'ses' };
      const first = await api.client.api.POST('/v1/bounces', { body });
      const second = await api.client.api.POST('/v1/bounces', { body });
      expect(first.response.status).toBe(201);
      expect(second.response.status).toBe(200);
      expect(second.data?.eventId).toBe(first.data?.eventId);
      const changed = await api.client.api.POST('/v1/bounces', {
        body: { ...body, eventId: first.data?.eventId, smtp: full },
      });
      expect(changed.response.status).toBe(409);
      expect(changed.response.headers.get('content-type')).toContain('application/problem+json');
      expect(changed.error?.errors?.[0]?.field).toBe('eventId');
    });

    it('reads a time with an offset as the instant it names', async () => {
      const address = unique('offset');
      const utc = new Date(api.clock.now() - HOUR);
      const local = new Date(utc.getTime() + 2 * HOUR).toISOString().replace('Z', '+02:00');
      const withOffset = await api.client.api.POST('/v1/bounces', { body: { address, occurredAt: local, smtp: full } });
      expect(withOffset.response.status).toBe(201);
      const inUtc = await api.client.api.POST('/v1/bounces', {
        body: { address, occurredAt: utc.toISOString(), smtp: full },
      });
      expect(inUtc.response.status).toBe(200);
      expect(inUtc.data?.eventId).toBe(withOffset.data?.eventId);
    });

    it('treats every spelling of a source as one source, in single commands and in batches', async () => {
      const address = unique('source');
      const body = { address, occurredAt: at(), smtp: hard, messageId: 'm-source' };
      const first = await api.client.api.POST('/v1/bounces', { body: { ...body, source: 'SES' } });
      const second = await api.client.api.POST('/v1/bounces', { body: { ...body, source: ' ses ' } });
      expect(first.response.status).toBe(201);
      expect(second.response.status).toBe(200);
      expect(second.data?.eventId).toBe(first.data?.eventId);
      const batch = await api.client.recordBatch([
        { type: 'bounce', ...body, source: 'Ses' },
        { type: 'delivery', address, occurredAt: at(1000), messageId: 'm-2', source: 'SendGrid' },
      ]);
      expect(batch.results.map((result) => result.status)).toEqual([200, 201]);
      expect(batch.results[0]?.result?.eventId).toBe(first.data?.eventId);
      const history = await api.client.history(address);
      const sources = history.events.map((event) => event.data.source).filter((source) => source !== undefined);
      expect(sources).toEqual(['ses', 'sendgrid']);
    });

    it('never counts a sender-side bounce against the recipient', async () => {
      const address = unique('sender');
      for (let i = 0; i < 5; i++) {
        const response = await api.client.recordBounce({ address, occurredAt: at(i * 1000), smtp: reputation });
        expect(response).toMatchObject({ status: 'deliverable', suppressed: false });
      }
    });

    it('normalises the address so every spelling is one recipient', async () => {
      const address = unique('Case');
      await api.client.recordBounce({ address: `  ${address.toUpperCase()} `, occurredAt: at(), smtp: hard });
      await eventually(async () => expect((await suppression(address.toLowerCase())).suppressed).toBe(true));
    });
  });

  describe('soft bounces, quarantine and its expiry', () => {
    it('quarantines after two soft bounces, reads soft bouncing after expiry and deliverable after the window', async () => {
      const address = unique('soft');
      await api.client.recordBounce({ address, occurredAt: at(-2 * HOUR), smtp: full });
      const second = await api.client.recordBounce({ address, occurredAt: at(-HOUR), smtp: full });
      expect(second).toMatchObject({ status: 'quarantined', suppressed: true });
      expect(second.decision?.until).toBeDefined();
      await eventually(async () => expect((await suppression(address)).status).toBe('quarantined'));
      api.clock.advance(DAY);
      expect(await suppression(address)).toMatchObject({ status: 'soft_bouncing', suppressed: false });
      api.clock.advance(7 * DAY);
      expect(await suppression(address)).toMatchObject({ status: 'deliverable', suppressed: false });
    });

    it('suppresses at the limit and restores when a delivery breaks the run', async () => {
      const address = unique('limit');
      for (const offset of [-3 * HOUR, -2 * HOUR, -HOUR]) {
        await api.client.recordBounce({ address, occurredAt: at(offset), smtp: full });
      }
      await eventually(async () => expect((await suppression(address)).cause).toBe('soft_bounce_limit'));
      const delivered = await api.client.api.POST('/v1/deliveries', { body: { address, occurredAt: at() } });
      expect(delivered.response.status).toBe(201);
      expect(delivered.data).toMatchObject({ status: 'deliverable', restored: true });
      expect(delivered.data?.restorationId).toBeDefined();
    });

    it('acknowledges a delivery that changes nothing without recording it', async () => {
      const address = unique('heartbeat');
      const first = await api.client.recordDelivery({ address, occurredAt: at(-HOUR), messageId: 'a' });
      const second = await api.client.api.POST('/v1/deliveries', {
        body: { address, occurredAt: at(), messageId: 'b' },
      });
      expect(first.recorded).toBe(true);
      expect(second.response.status).toBe(200);
      expect(second.data?.recorded).toBe(false);
    });
  });

  describe('corrections, restorations and reverts', () => {
    it('restores with a correction, lists it, reverts it to exactly the previous state, and refuses a second revert', async () => {
      const address = unique('restore');
      await api.client.recordBounce({ address, occurredAt: at(), smtp: hard });
      const corrected = await api.client.api.POST('/v1/corrections', {
        body: { address, by: 'support', note: 'typo fixed' },
      });
      expect(corrected.response.status).toBe(201);
      expect(corrected.data).toMatchObject({ status: 'deliverable', restored: true });
      const restorationId = corrected.data?.restorationId ?? '';
      const active = await eventually(async () => {
        const list = await api.client.listRestorations({ address, state: 'active' });
        expect(list.items).toHaveLength(1);
        return list;
      });
      expect(active.items[0]).toMatchObject({
        restorationId,
        previous: { kind: 'suppressed', cause: 'hard_bounce' },
      });
      const revert = (note: string) =>
        api.client.api.POST('/v1/restorations/{id}/revert', {
          params: { path: { id: restorationId } },
          body: { by: 'lead', note },
        });
      const reverted = await revert('no');
      expect(reverted.response.status).toBe(201);
      expect(reverted.data).toMatchObject({ status: 'suppressed', restored: false });
      await eventually(async () =>
        expect(await suppression(address)).toMatchObject({ status: 'suppressed', cause: 'hard_bounce' }),
      );
      const again = await problemOf(api.client.revertRestoration(restorationId, { by: 'lead', note: 'again' }));
      expect(again.status).toBe(409);
      expect(again.detail).toMatch(
        new RegExp(`^restoration ${restorationId} was already reverted at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z by lead$`),
      );
      expect(again.errors[0]?.field).toBe('restorationId');
      const repeated = await revert('no');
      expect(repeated.response.status).toBe(200);
      expect(repeated.data?.eventId).toBe(reverted.data?.eventId);
      const reverts = await eventually(async () => {
        const list = await api.client.listRestorations({ address, state: 'reverted' });
        expect(list.items).toHaveLength(1);
        return list;
      });
      expect(reverts.items[0]).toMatchObject({ state: 'reverted', revertedBy: 'lead' });
    });

    it('answers 404 for an unknown restoration', async () => {
      const problem = await problemOf(
        api.client.revertRestoration('00000000-0000-5000-8000-000000000000', { by: 'lead' }),
      );
      expect(problem.status).toBe(404);
      expect(problem.errors[0]?.field).toBe('restorationId');
    });

    it('answers a repeated manual suppression as a duplicate and appends nothing', async () => {
      const address = unique('manual-repeat');
      const body = { address, by: 'ops', note: 'asked to stop' };
      const first = await api.client.api.POST('/v1/suppressions', { body });
      api.clock.advance(60_000);
      const second = await api.client.api.POST('/v1/suppressions', { body });
      expect(first.response.status).toBe(201);
      expect(second.response.status).toBe(200);
      expect(second.data).toMatchObject({ eventId: first.data?.eventId, status: 'suppressed', recorded: false });
      const history = await api.client.history(address);
      expect(history.events.map((event) => event.type)).toEqual(['SuppressionRequested', 'RecipientSuppressed']);
      await api.client.recordCorrection({ address, by: 'ops' });
      const afterLift = await api.client.api.POST('/v1/suppressions', { body });
      expect(afterLift.response.status).toBe(201);
      expect(afterLift.data).toMatchObject({ status: 'suppressed', decision: { cause: 'manual' } });
    });

    it('answers a manual suppression with a known eventId as a duplicate, and a changed payload with 409', async () => {
      const address = unique('manual-id');
      const body = { address, by: 'ops', note: 'asked to stop', eventId: `ticket-${counter}` };
      expect((await api.client.api.POST('/v1/suppressions', { body })).response.status).toBe(201);
      expect((await api.client.api.POST('/v1/suppressions', { body })).response.status).toBe(200);
      const changed = await problemOf(api.client.suppress({ ...body, note: 'something else' }));
      expect(changed.status).toBe(409);
      expect(changed.errors[0]?.field).toBe('eventId');
      const history = await api.client.history(address);
      expect(history.events).toHaveLength(2);
    });

    it('suppresses by hand, and a correction lifts it', async () => {
      const address = unique('manual');
      const suppressed = await api.client.api.POST('/v1/suppressions', {
        body: { address, by: 'ops', note: 'asked to stop' },
      });
      expect(suppressed.response.status).toBe(201);
      expect(suppressed.data).toMatchObject({ status: 'suppressed', decision: { cause: 'manual' } });
      const corrected = await api.client.recordCorrection({ address, by: 'ops' });
      expect(corrected.status).toBe('deliverable');
    });
  });

  describe('queries', () => {
    it('checks addresses in bulk, in order, unknown ones deliverable', async () => {
      const bad = unique('bulk');
      await api.client.recordBounce({ address: bad, occurredAt: at(), smtp: hard });
      const good = unique('never');
      const response = await eventually(async () => {
        const result = await api.client.api.POST('/v1/suppressions:check', {
          body: { addresses: [good, bad.toUpperCase(), good] },
        });
        expect(result.data?.results[1]?.suppressed).toBe(true);
        return result;
      });
      expect(response.response.status).toBe(200);
      expect(response.data?.results).toEqual([
        { address: good, suppressed: false, status: 'deliverable' },
        { address: bad, suppressed: true, status: 'suppressed' },
        { address: good, suppressed: false, status: 'deliverable' },
      ]);
    });

    it('answers a malformed address in a bulk check on its own and every other address in order', async () => {
      const blocked = unique('bulk-blocked');
      await api.client.recordBounce({ address: blocked, occurredAt: at(), smtp: hard });
      const addresses = Array.from({ length: 10_000 }, (_, i) => `bulk-${i}.${counter}@example.com`);
      addresses[17] = ' not an address ';
      addresses[5_000] = blocked.toUpperCase();
      addresses[9_999] = 'jane@@example.com';
      const response = await eventually(async () => {
        const result = await api.client.api.POST('/v1/suppressions:check', { body: { addresses } });
        expect(result.data?.results[5_000]?.suppressed).toBe(true);
        return result;
      });
      expect(response.response.status).toBe(200);
      const results = response.data?.results ?? [];
      expect(results).toHaveLength(10_000);
      expect(results[17]).toEqual({
        address: ' not an address ',
        status: 'invalid',
        suppressed: true,
        reason: expect.stringContaining('@'),
      });
      expect(results[9_999]).toMatchObject({ address: 'jane@@example.com', status: 'invalid', suppressed: true });
      expect(results[5_000]).toEqual({ address: blocked, suppressed: true, status: 'suppressed' });
      expect(results[16]).toEqual({ address: addresses[16], suppressed: false, status: 'deliverable' });
      expect(results[18]).toEqual({ address: addresses[18], suppressed: false, status: 'deliverable' });
      expect(results.filter((result) => result.status === 'invalid')).toHaveLength(2);
    });

    it('checks any number of addresses with checkMany, 10,000 a call, answered in the order of the list', async () => {
      const blocked = unique('many-blocked');
      await api.client.recordBounce({ address: blocked, occurredAt: at(), smtp: hard });
      const addresses = Array.from({ length: 25_001 }, (_, i) => `many-${i}.${counter}@example.com`);
      addresses[12_345] = blocked;
      addresses[25_000] = 'not an address';
      const { results } = await eventually(async () => {
        const answer = await api.client.checkMany(addresses);
        expect(answer.results[12_345]).toMatchObject({ suppressed: true });
        return answer;
      });
      expect(results.map((result) => result.address)).toEqual(addresses);
      expect(results.filter((result) => result.suppressed)).toEqual([
        { address: blocked, suppressed: true, status: 'suppressed' },
        { address: 'not an address', suppressed: true, status: 'invalid', reason: expect.any(String) },
      ]);
    });

    it('lists what is not sendable with filters and cursor pagination', async () => {
      const addresses = [unique('list'), unique('list'), unique('list')];
      for (const address of addresses) {
        await api.client.recordBounce({ address, occurredAt: at(), smtp: hard });
      }
      await api.client.suppress({ address: unique('list-manual'), by: 'ops' });
      const seen: string[] = [];
      let cursor: string | null = null;
      await eventually(async () => {
        const all = await api.client.listSuppressions({ cause: 'hard_bounce', limit: 1000 });
        expect(all.items.length).toBeGreaterThanOrEqual(3);
      });
      const pageAfter = (after: string | null) =>
        api.client.api.GET('/v1/suppressions', {
          params: { query: { cause: 'hard_bounce', limit: 2, ...(after === null ? {} : { cursor: after }) } },
        });
      do {
        const page: Awaited<ReturnType<typeof pageAfter>> = await pageAfter(cursor);
        expect(page.response.status).toBe(200);
        const items = page.data?.items ?? [];
        expect(items.every((item) => item.cause === 'hard_bounce')).toBe(true);
        seen.push(...items.map((item) => item.address));
        cursor = page.data?.nextCursor ?? null;
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining(addresses));
    });

    it('shows the full state and the audit with status before and after each event', async () => {
      const address = unique('audit');
      await api.client.recordBounce({ address, occurredAt: at(-HOUR), smtp: full });
      await api.client.recordBounce({ address, occurredAt: at(), smtp: full });
      const state = await api.client.api.GET('/v1/recipients/{address}', { params: { path: { address } } });
      expect(state.response.status).toBe(200);
      expect(state.data).toMatchObject({ status: 'quarantined', policyVersion: 'default-1', streamRevision: 2 });
      expect(state.data?.run).toHaveLength(2);
      const history = await api.client.history(address);
      expect(history.events.map((event) => event.type)).toEqual([
        'BounceReceived',
        'BounceReceived',
        'RecipientQuarantined',
      ]);
      expect(history.events[2]).toMatchObject({ statusBefore: 'soft_bouncing', statusAfter: 'quarantined' });
      expect(history.events[0]?.explanation).toMatch(/mailbox full/);
    });

    it('answers 404 for the state of an address never seen', async () => {
      expect((await problemOf(api.client.recipient(unique('nobody')))).status).toBe(404);
    });

    it('serves the policy, health, metrics and the OpenAPI document', async () => {
      expect((await api.client.policy()).version).toBe('default-1');
      expect((await api.client.api.GET('/health')).response.status).toBe(200);
      await api.client.recordBounce({ address: unique('metrics'), occurredAt: at(), smtp: hard });
      const metrics = await api.request('GET', '/metrics');
      expect(metrics.body).toContain('recipient_commands_total{type="RecordBounce",outcome="recorded"}');
      expect(metrics.body).toContain('recipient_decisions_total');
      expect((await api.request('GET', '/docs')).status).toBe(200);
      const openApi = await api.request('GET', '/docs-json');
      expect(Object.keys(openApi.body.paths)).toEqual(
        expect.arrayContaining(['/v1/bounces', '/v1/suppressions/{address}']),
      );
    });
  });

  describe('the batch endpoint', () => {
    it('answers every item in order; an invalid item gets its own error and the others are applied', async () => {
      const first = unique('batch');
      const second = unique('batch');
      const response = await api.request('POST', '/v1/events:batch', {
        events: [
          { type: 'bounce', address: first, occurredAt: at(), smtp: hard },
          { type: 'bounce', address: 'not an address', occurredAt: at() },
          { type: 'delivery', address: second, occurredAt: at() },
          { type: 'open', address: second },
          { type: 'correction', address: first, by: 'ops' },
          // Well-formed, but the decider refuses a time a day ahead: that item's problem alone.
          { type: 'bounce', address: second, occurredAt: at(24 * 60 * 60 * 1000), smtp: hard },
        ],
      });
      expect(response.status).toBe(200);
      expect(response.body.results.map((result: { status: number }) => result.status)).toEqual([
        201, 400, 201, 400, 201, 400,
      ]);
      expect(response.body.results[1].error.errors[0].field).toBe('events[1].address');
      expect(response.body.results[3].error.errors[0].field).toBe('events[3].type');
      expect(response.body.results[5].error.errors[0].field).toBe('events[5].occurredAt');
      expect(response.body.results[4].result).toMatchObject({ status: 'deliverable', restored: true });
    });

    it('refuses more than 1,000 items', async () => {
      const events = Array.from({ length: 1001 }, () => ({
        type: 'delivery',
        address: 'a@example.com',
        occurredAt: at(),
      }));
      const response = await api.request('POST', '/v1/events:batch', { events });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('events');
    });
  });

  describe('bad input gets a clear 4xx naming the field, and changes nothing', () => {
    const address = 'bad.input@example.com';

    it.each([
      ['malformed JSON', '{"address": ', 'body'],
      ['a wrong type', { address, occurredAt: 12 }, 'occurredAt'],
      ['an unknown field', { address, occurredAt: '2026-03-01T10:00:00Z', colour: 'red' }, 'colour'],
      ['a bad address', { address: 'jane@@example', occurredAt: '2026-03-01T10:00:00Z' }, 'address'],
      [
        'a bad nested field',
        { address, occurredAt: '2026-03-01T10:00:00Z', smtp: { replyCode: 'x' } },
        'smtp.replyCode',
      ],
      ['a future time', { address, occurredAt: '2026-03-02T12:00:00Z' }, 'occurredAt'],
    ])('rejects %s', async (_name, body, field) => {
      const response = await api.request('POST', '/v1/bounces', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const named = [
        response.body.detail,
        ...(response.body.errors ?? []).map((error: { field: string }) => error.field),
      ];
      expect(named.join(' ')).toContain(field);
      expect((await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`)).status).toBe(404);
    });

    it('rejects a body over the size limit with 413', async () => {
      const response = await api.request('POST', '/v1/bounces', {
        address,
        occurredAt: '2026-03-01T10:00:00Z',
        padding: 'x'.repeat(3 * 1024 * 1024),
      });
      expect(response.status).toBe(413);
    });

    it.each([
      ['over 10,000 addresses', { addresses: Array.from({ length: 10_001 }, (_, i) => `a${i}@example.com`) }],
      ['addresses that are not a list', { addresses: 'jane@example.com' }],
      ['an address that is not text', { addresses: ['jane@example.com', 42] }],
      ['no addresses at all', {}],
    ])('rejects a bulk check of %s, naming addresses', async (_name, body) => {
      const response = await api.request('POST', '/v1/suppressions:check', body);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('addresses');
    });

    it.each([
      ['a time without a zone offset', '2026-03-01T10:00:00'],
      ['a bare date', '2026-03-01'],
    ])('rejects %s as occurredAt, since servers in other zones would read another instant', async (_name, time) => {
      const bounce = await api.request('POST', '/v1/bounces', { address, occurredAt: time, smtp: hard });
      expect(bounce.status).toBe(400);
      expect(bounce.body.errors).toEqual([{ field: 'occurredAt', message: expect.stringMatching(/no zone offset/) }]);
      const correction = await api.request('POST', '/v1/corrections', { address, by: 'ops', occurredAt: time });
      expect(correction.body.errors[0].field).toBe('occurredAt');
      const list = await api.request('GET', `/v1/suppressions?since=${time}`);
      expect(list.status).toBe(400);
      expect(list.body.errors[0].field).toBe('since');
      const batch = await api.request('POST', '/v1/events:batch', {
        events: [{ type: 'delivery', address, occurredAt: time }],
      });
      expect(batch.body.results[0]).toMatchObject({ status: 400 });
      expect(batch.body.results[0].error.errors[0].field).toBe('events[0].occurredAt');
      expect((await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`)).status).toBe(404);
    });

    it.each([
      [
        'a NUL in eventId',
        { address, occurredAt: '2026-03-01T10:00:00Z', smtp: full, eventId: 'ev\u00001' },
        'eventId',
      ],
      [
        'a lone surrogate in a nested field',
        { address, occurredAt: '2026-03-01T10:00:00Z', smtp: { ...full, diagnostic: '452 \ud83d over quota' } },
        'smtp.diagnostic',
      ],
    ])('rejects %s as text no store can hold, before anything is recorded', async (_name, body, field) => {
      const response = await api.request('POST', '/v1/bounces', body);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field, message: expect.stringMatching(/cannot be stored/) }]);
      expect((await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`)).status).toBe(404);
    });

    it('rejects a NUL in a query parameter, naming it', async () => {
      const response = await api.request('GET', '/v1/suppressions?cause=hard_bounce%00');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'cause', message: expect.stringMatching(/U\+0000/) }]);
    });

    it('rejects a batch holding a NUL in one item, naming the item and field, and records none of it', async () => {
      const response = await api.request('POST', '/v1/events:batch', {
        events: [
          { type: 'delivery', address, occurredAt: '2026-03-01T10:00:00Z' },
          { type: 'bounce', address, occurredAt: '2026-03-01T10:00:00Z', smtp: { ...full, diagnostic: '452\u0000' } },
        ],
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'events[1].smtp.diagnostic', message: expect.stringMatching(/U\+0000/) },
      ]);
      expect((await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`)).status).toBe(404);
    });

    it('rejects a bad address in a path', async () => {
      const response = await api.request('GET', '/v1/suppressions/not-an-address');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('address');
    });
  });

  describe('concurrency', () => {
    it('loses no update when 50 commands hit one recipient at once', async () => {
      const address = unique('concurrent');
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.client.api.POST('/v1/bounces', {
            body: { address, occurredAt: at(-i * 1000), smtp: reputation, messageId: `m-${i}` },
          }),
        ),
      );
      expect(responses.map(({ response }) => response.status)).toEqual(Array(50).fill(201));
      const history = await api.client.history(address);
      expect(history.events).toHaveLength(50);
      expect(new Set(history.events.map((event) => event.eventId)).size).toBe(50);
    });
  });
}
