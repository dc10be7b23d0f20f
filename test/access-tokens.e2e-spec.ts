import { createHash } from 'node:crypto';
import { AccessTokens } from '@app/access';
import { ControllableClock } from './support/controllable-clock';
import type { TestApp } from './support/test-app';
import { eventually, startTestApp } from './support/test-app';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const hardBounce = (address: string) => ({
  address,
  occurredAt: '2026-03-01T11:00:00Z',
  smtp: { replyCode: 550, enhancedStatus: '5.1.1' },
});

describe('API tokens', () => {
  describe('issued, used and revoked over HTTP', () => {
    let api: TestApp;

    beforeAll(async () => {
      api = await startTestApp();
    });
    afterAll(() => api.close());

    it('shows a secret once, keeps only its SHA-256, and refuses it once revoked', async () => {
      const created = await api.request('POST', '/v1/tokens', {
        name: 'mta-eu-1',
        owner: 'mail team',
        scopes: ['ingest'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'mta-eu-1', owner: 'mail team', scopes: ['ingest'], revokedAt: null });
      const secret: string = created.body.token;
      expect(secret).toMatch(/^rs_[A-Za-z0-9_-]{43}$/);

      const logged = JSON.stringify(
        (await api.eventStore.readStream('access-tokens')).map(({ type, data }) => ({ type, data })),
      );
      expect(logged).not.toContain(secret);
      expect(logged).toContain(createHash('sha256').update(secret).digest('hex'));

      const listed = await api.request('GET', '/v1/tokens');
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(listed.body.tokens.map((token: { name: string }) => token.name)).toEqual(['bootstrap', 'mta-eu-1']);

      expect((await api.request('POST', '/v1/bounces', hardBounce('a@example.com'), bearer(secret))).status).toBe(201);
      const revoked = await api.request('DELETE', `/v1/tokens/${created.body.id}`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).toEqual(expect.any(String));
      const refused = await api.request('POST', '/v1/bounces', hardBounce('b@example.com'), bearer(secret));
      expect(refused.status).toBe(401);
      expect(refused.body.detail).toBe('The bearer token is revoked');

      const again = await api.request('DELETE', `/v1/tokens/${created.body.id}`);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
      expect((await api.eventStore.readStream('access-tokens')).map(({ type }) => type)).toEqual([
        'AccessTokenIssued',
        'AccessTokenIssued',
        'AccessTokenRevoked',
      ]);
    });

    it('names the field at fault in a bad request, and answers 404 for an unknown id', async () => {
      const unknownScope = await api.request('POST', '/v1/tokens', { name: 'x', scopes: ['everything'] });
      expect(unknownScope.status).toBe(400);
      expect(unknownScope.body.errors).toEqual([expect.objectContaining({ field: 'scopes' })]);
      const past = await api.request('POST', '/v1/tokens', {
        name: 'x',
        scopes: ['check'],
        expiresAt: '2000-01-01T00:00:00Z',
      });
      expect(past.status).toBe(400);
      expect(past.body.errors).toEqual([expect.objectContaining({ field: 'expiresAt' })]);
      const unknown = await api.request('DELETE', '/v1/tokens/00000000-0000-4000-8000-000000000000');
      expect(unknown.status).toBe(404);
    });

    it('accepts a token another process issued into the same log, and refuses it once that process revokes it', async () => {
      const elsewhere = new AccessTokens({ store: api.eventStore, now: () => Date.now() });
      const issued = await elsewhere.issue({ name: 'replica-b', owner: 'ops', scopes: ['check'], by: 'cli' });
      const check = () => api.request('GET', '/v1/suppressions/a%40example.com', undefined, bearer(issued.secret));
      expect((await check()).status).toBe(200);
      await elsewhere.revoke(issued.token.id, 'cli');
      await eventually(async () => expect((await check()).status).toBe(401));
    });
  });

  describe('the actor', () => {
    let api: TestApp;
    let helpdesk: string;

    beforeAll(async () => {
      api = await startTestApp();
      const issued = await api.request('POST', '/v1/tokens', {
        name: 'helpdesk',
        owner: 'support team',
        scopes: ['support', 'ingest'],
      });
      helpdesk = issued.body.token;
    });
    afterAll(() => api.close());

    const history = async (address: string) =>
      (await api.request('GET', `/v1/recipients/${encodeURIComponent(address)}/history`)).body.events as {
        type: string;
        data: { by?: string };
        actor?: { name: string; owner: string };
      }[];

    it('is recorded with every event a command appends and shown in the history', async () => {
      const suppressed = await api.request(
        'POST',
        '/v1/suppressions',
        { address: 'kim@example.com', by: 'support team' },
        bearer(helpdesk),
      );
      expect(suppressed.status).toBe(201);
      const events = await history('kim@example.com');
      expect(events.length).toBeGreaterThan(0);
      for (const event of events) {
        expect(event.actor).toEqual({ tokenId: expect.any(String), name: 'helpdesk', owner: 'support team' });
      }
    });

    it('names the token as the lifter of a suppression lifted without a name', async () => {
      await api.request('POST', '/v1/bounces', hardBounce('lee@example.com'), bearer(helpdesk));
      const lifted = await api.request('DELETE', '/v1/suppressions/lee%40example.com', undefined, bearer(helpdesk));
      expect(lifted.status).toBe(201);
      const correction = (await history('lee@example.com')).find(({ type }) => type === 'AddressCorrected');
      expect(correction?.data.by).toBe('helpdesk');
    });

    it("records a suppression, a correction and a revert that name no one in the token's name", async () => {
      const suppressed = await api.request(
        'POST',
        '/v1/suppressions',
        { address: 'ola@example.com' },
        bearer(helpdesk),
      );
      expect(suppressed.status).toBe(201);
      const corrected = await api.request('POST', '/v1/corrections', { address: 'ola@example.com' }, bearer(helpdesk));
      expect(corrected.status).toBe(201);
      const restorationId: string = corrected.body.restorationId;
      const reverted = await api.request('POST', `/v1/restorations/${restorationId}/revert`, {}, bearer(helpdesk));
      expect(reverted.status).toBe(201);
      const named = (await history('ola@example.com')).filter(({ data }) => data.by !== undefined);
      expect(named.map(({ type, data }) => [type, data.by])).toEqual([
        ['SuppressionRequested', 'helpdesk'],
        ['AddressCorrected', 'helpdesk'],
        ['RestorationReverted', 'helpdesk'],
      ]);
    });

    it('refuses a change in the name of someone else without admin, and records nothing', async () => {
      await api.request('POST', '/v1/bounces', hardBounce('max@example.com'), bearer(helpdesk));
      const before = (await history('max@example.com')).length;
      const refused = await api.request(
        'POST',
        '/v1/corrections',
        { address: 'max@example.com', by: 'anyone' },
        bearer(helpdesk),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'by' })]);
      expect(await history('max@example.com')).toHaveLength(before);
      const asAdmin = await api.request('POST', '/v1/corrections', { address: 'max@example.com', by: 'legal team' });
      expect(asAdmin.status).toBe(201);
    });
  });

  describe('/metrics and /docs', () => {
    it('are open while the service is bound to loopback', async () => {
      const api = await startTestApp();
      try {
        expect((await api.request('GET', '/metrics', undefined, { authorization: '' })).status).toBe(200);
        expect((await api.request('GET', '/docs-json', undefined, { authorization: '' })).status).toBe(200);
      } finally {
        await api.close();
      }
    });

    it('take a token holding the metrics scope otherwise', async () => {
      const api = await startTestApp({ HOST: '0.0.0.0' });
      try {
        const checkOnly = (await api.request('POST', '/v1/tokens', { name: 'checker', scopes: ['check'] })).body.token;
        for (const path of ['/metrics', '/docs-json', '/docs']) {
          const missing = await api.request('GET', path, undefined, { authorization: '' });
          expect([path, missing.status, missing.headers.get('content-type')]).toEqual([
            path,
            401,
            expect.stringMatching(/^application\/problem\+json/),
          ]);
          expect([path, (await api.request('GET', path, undefined, bearer(checkOnly))).status]).toEqual([path, 403]);
          expect([path, (await api.request('GET', path)).status]).toEqual([path, 200]);
        }
      } finally {
        await api.close();
      }
    });
  });

  describe('the first start', () => {
    it('issues a token holding every scope and prints it once; a second start prints nothing', async () => {
      const printed: string[] = [];
      const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
      try {
        const first = await startTestApp({ BOOTSTRAP_TOKEN: '' });
        const secret = /\n {2}(rs_[A-Za-z0-9_-]+)\n/.exec(printed.join(''))?.[1];
        expect(secret).toBeDefined();
        const listed = await first.request('GET', '/v1/tokens', undefined, bearer(secret!));
        expect(listed.body.tokens).toEqual([
          expect.objectContaining({
            name: 'bootstrap',
            scopes: ['check', 'ingest', 'support', 'policy', 'admin', 'metrics'],
          }),
        ]);
        await first.close({ keepData: true });

        printed.length = 0;
        const second = await startTestApp({ BOOTSTRAP_TOKEN: '' }, { dataDir: first.dataDir });
        try {
          expect(printed.join('')).not.toContain('rs_');
          expect((await second.request('GET', '/v1/tokens', undefined, bearer(secret!))).body.tokens).toHaveLength(1);
        } finally {
          await second.close();
        }
      } finally {
        stderr.mockRestore();
      }
    });
  });

  describe('rate limits', () => {
    it('answers 429 with Retry-After past the limit of a token and scope, and keeps every command acknowledged before it', async () => {
      const api = await startTestApp({ RATE_LIMITS_PER_MINUTE: 'ingest=3' }, { clock: new ControllableClock() });
      try {
        const addresses = ['r1@example.com', 'r2@example.com', 'r3@example.com', 'r4@example.com', 'r5@example.com'];
        const answers = [];
        for (const address of addresses) {
          answers.push(await api.request('POST', '/v1/bounces', hardBounce(address)));
        }
        expect(answers.map(({ status }) => status)).toEqual([201, 201, 201, 429, 429]);
        const limited = answers[3]!;
        expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(limited.body).toMatchObject({ status: 429, title: 'Too Many Requests' });

        // The other scopes keep their own counters; the log holds exactly the acknowledged bounces.
        const states = await Promise.all(
          addresses.map((address) => api.request('GET', `/v1/recipients/${encodeURIComponent(address)}`)),
        );
        expect(states.map(({ status }) => status)).toEqual([200, 200, 200, 404, 404]);
      } finally {
        await api.close();
      }
    });
  });
});
