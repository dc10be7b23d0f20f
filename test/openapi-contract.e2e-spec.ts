import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDocument } from './support/openapi-contract';
import { OpenApiContract } from './support/openapi-contract';
import { ControllableClock } from './support/controllable-clock';
import type { TestApp, TestResponse } from './support/test-app';
import { startTestApp } from './support/test-app';

/** Just after the time the document's request examples name, so they are neither stale nor in the future. */
const NOW = '2026-11-22T12:00:00Z';
const BODY_LIMIT = 64 * 1024;
const POSTMARK = { username: 'postmark', password: 'correct horse battery' };
const MAILGUN_KEY = 'mailgun-signing-key-0123456789';

const hardBounce = (address: string) => ({
  address,
  occurredAt: '2026-11-22T11:00:00Z',
  smtp: { replyCode: 550, enhancedStatus: '5.1.1' },
});

/**
 * Provokes every outcome of every route that can be provoked from outside (successes, duplicates, bad input, unknown
 * names, conflicts, refused media types, oversized bodies and paths, refused webhooks) and holds each answer to the
 * served OpenAPI document: its status documented for the operation, its media type too, its body on the schema.
 */
describe('the service answers only what its OpenAPI document describes', () => {
  let api: TestApp;
  let document: OpenApiDocument;
  let contract: OpenApiContract;

  beforeAll(async () => {
    api = await startTestApp(
      {
        BODY_LIMIT_BYTES: String(BODY_LIMIT),
        POSTMARK_WEBHOOK_USERNAME: POSTMARK.username,
        POSTMARK_WEBHOOK_PASSWORD: POSTMARK.password,
        MAILGUN_WEBHOOK_SIGNING_KEY: MAILGUN_KEY,
      },
      { clock: new ControllableClock(Date.parse(NOW)) },
    );
    document = (await api.request('GET', '/docs-json')).body as OpenApiDocument;
    contract = new OpenApiContract(document);
  });

  afterAll(async () => {
    await api.close();
  });

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse> => {
    const response = await api.request(method, path, body, headers);
    contract.check(method, path, response);
    return response;
  };

  it('sends every request example as it is documented, with the documented success', async () => {
    const sent: string[] = [];
    for (const [template, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const { requestBody } = operation as { requestBody?: { content: Record<string, { examples?: object }> } };
        const examples = requestBody?.content['application/json']?.examples ?? {};
        for (const { value } of Object.values(examples) as { value: unknown }[]) {
          const path = template.replace('{address}', 'jane%40example.com');
          // A revert needs a restoration's id and a lift a suppression in force: the next test sends those.
          if (path.includes('{') || operation.operationId === 'liftSuppression') {
            continue;
          }
          const response = await call(method.toUpperCase(), path, value);
          sent.push(`${operation.operationId} ${response.status}`);
          expect({ operationId: operation.operationId, status: response.status < 300 }).toEqual({
            operationId: operation.operationId,
            status: true,
          });
        }
      }
    }
    expect(sent.map((line) => line.split(' ')[0]).sort()).toEqual([
      'checkSuppressions',
      'recordBounce',
      'recordComplaint',
      'recordCorrection',
      'recordDelivery',
      'recordEvents',
      'recordUnsubscribe',
      'simulatePolicy',
      'suppressAddress',
    ]);
    expect(contract.breaches).toEqual([]);
  });

  it('suppresses with the documented bounce example and lifts it with the DELETE example', async () => {
    const example = (operationId: string): unknown => {
      for (const item of Object.values(document.paths)) {
        for (const operation of Object.values(item)) {
          const candidate = operation as {
            operationId: string;
            requestBody?: { content: Record<string, { examples?: Record<string, { value: unknown }> }> };
          };
          if (candidate.operationId === operationId) {
            return Object.values(candidate.requestBody?.content['application/json']?.examples ?? {})[0]?.value;
          }
        }
      }
      return undefined;
    };
    const bounce = example('recordBounce') as { address: string };
    const address = 'example.bounce@example.net';
    expect((await call('POST', '/v1/bounces', { ...bounce, address })).body).toMatchObject({ suppressed: true });
    const lifted = await call('DELETE', `/v1/suppressions/${address}`, example('liftSuppression'));
    expect(lifted.status).toBe(201);
    expect(lifted.body).toMatchObject({ suppressed: false, restored: true });
  });

  it('documents every answer of the fact commands', async () => {
    const body = hardBounce('facts@example.com');
    await call('POST', '/v1/bounces', body);
    await call('POST', '/v1/bounces', body);
    await call('POST', '/v1/bounces', { ...body, eventId: 'e-1' });
    await call('POST', '/v1/bounces', { ...body, eventId: 'e-1', occurredAt: '2026-11-22T11:30:00Z' });
    await call('POST', '/v1/bounces', { address: 'no-at', occurredAt: 'yesterday', colour: 'red' });
    await call('POST', '/v1/bounces', '{"address":', { 'content-type': 'application/json' });
    await call('POST', '/v1/bounces', 'address=x', { 'content-type': 'application/x-www-form-urlencoded' });
    await call('POST', '/v1/bounces', { ...body, smtp: { diagnostic: 'x'.repeat(BODY_LIMIT) } });
    await call('POST', '/v1/deliveries', { address: 'facts@example.com', occurredAt: '2026-11-22T11:10:00Z' });
    await call('POST', '/v1/deliveries', { address: 'never@example.com', occurredAt: '2026-11-22T11:10:00Z' });
    await call('POST', '/v1/corrections', { address: 'facts@example.com', by: 'support' });
    await call('POST', '/v1/corrections', { address: 'facts@example.com' });
    await call('POST', '/v1/complaints', { address: 'facts@example.com', occurredAt: NOW, evidence: 'y'.repeat(3000) });
    await call('POST', '/v1/unsubscribes', { address: 'facts@example.com', occurredAt: NOW, method: 'pigeon' });
    await call('POST', '/v1/suppressions', { address: 'manual@example.com', by: 'ops' });
    await call('POST', '/v1/suppressions', { address: 'manual@example.com', by: 'ops' });
    await call('POST', '/v1/suppressions', { address: 'manual@example.com' });
    await call('POST', '/v1/events:batch', {
      events: [hardBounce('batch@example.com'), { type: 'bounce', ...hardBounce('batch@example.com') }, { type: 'x' }],
    });
    await call('POST', '/v1/events:batch', { events: [] });

    expect(contract.breaches).toEqual([]);
  });

  it('documents every answer of the read side', async () => {
    await call('POST', '/v1/bounces', hardBounce('reader@example.com'));
    await call('GET', '/v1/suppressions/reader%40example.com');
    await call('GET', '/v1/suppressions/not-an-address');
    await call('GET', `/v1/suppressions/${'a'.repeat(2000)}%40example.com`);
    await call('POST', '/v1/suppressions:check', { addresses: ['reader@example.com', 'bad@@'] });
    await call('POST', '/v1/suppressions:check', { addresses: 'reader@example.com' });
    await call('GET', '/v1/suppressions?domain=example.com&prefix=READ&since=2026-11-01T00:00:00Z&total=true');
    await call('GET', '/v1/suppressions?since=2026-11-22T00:00:00Z&until=2026-11-01T00:00:00Z');
    await call('GET', '/v1/suppressions?domain=exa%20mple&limit=0&colour=red');
    await call('GET', '/v1/suppressions?cursor=not-a-cursor');
    await call('GET', '/v1/recipients/reader%40example.com');
    await call('GET', '/v1/recipients/unknown%40example.com');
    await call('GET', '/v1/recipients/reader%40example.com/history?limit=1');
    await call('GET', '/v1/recipients/reader%40example.com/history?after=-1');
    await call('GET', '/v1/recipients/unknown%40example.com/history');
    await call('GET', '/v1/restorations?state=active&total=true');
    await call('GET', '/v1/restorations?state=gone');
    await call('GET', '/v1/policy');
    await call('GET', '/health');
    await call('GET', '/health/live');
    await call('GET', '/metrics');

    expect(contract.breaches).toEqual([]);
  });

  it('documents every answer of lifting and restoring', async () => {
    await call('POST', '/v1/bounces', hardBounce('lift@example.com'));
    await call('DELETE', '/v1/suppressions/lift%40example.com?by=ops', { by: 'support' });
    const lifted = await call('DELETE', '/v1/suppressions/lift%40example.com?by=ops&note=fixed');
    await call('DELETE', '/v1/suppressions/lift%40example.com');
    await call('POST', '/v1/complaints', { address: 'complained@example.com', occurredAt: NOW });
    await call('DELETE', '/v1/suppressions/complained%40example.com');
    const restorationId = (lifted.body as { restorationId: string }).restorationId;
    await call('POST', `/v1/restorations/${restorationId}/revert`, { by: 'lead', note: 'not yet' });
    await call('POST', `/v1/restorations/${restorationId}/revert`, { by: 'lead', note: 'not yet' });
    await call('POST', `/v1/restorations/${restorationId}/revert`, { by: 'someone else' });
    await call('POST', '/v1/restorations/00000000-0000-4000-8000-000000000000/revert', { by: 'lead' });
    await call('POST', `/v1/restorations/${restorationId}/revert`, { by: '' });

    expect(lifted.status).toBe(201);
    expect(contract.breaches).toEqual([]);
  });

  it('documents every answer of the policy simulation, JSON and NDJSON', async () => {
    const candidate = {
      version: 'candidate-2',
      softBounce: { limit: 5, window: 'P7D', quarantineAt: 3, quarantineFor: 'PT1H' },
    };
    await call('POST', '/v1/policy/simulations', candidate);
    await call('POST', '/v1/policy/simulations?format=ndjson', candidate);
    await call('POST', '/v1/policy/simulations', { version: '', softBounce: { limit: 0 } });
    await call('POST', '/v1/policy/simulations?format=xml', candidate);

    expect(contract.breaches).toEqual([]);
  });

  it('documents every answer of the webhooks and the bounce mail', async () => {
    const postmark = {
      RecordType: 'Bounce',
      Type: 'HardBounce',
      ID: 1,
      Email: 'pm@example.org',
      BouncedAt: '2026-11-22T11:00:00Z',
    };
    const basic = (password: string) => ({
      authorization: `Basic ${Buffer.from(`${POSTMARK.username}:${password}`).toString('base64')}`,
    });
    await call('POST', '/v1/webhooks/postmark', postmark, basic(POSTMARK.password));
    await call('POST', '/v1/webhooks/postmark', postmark, basic('guess'));
    await call('POST', '/v1/webhooks/postmark', postmark, { authorization: '' });
    await call('POST', '/v1/webhooks/mailgun', { signature: {}, 'event-data': {} });
    await call('POST', '/v1/webhooks/ses', { Type: 'Notification' });
    await call('POST', '/v1/webhooks/sendgrid', []);
    await call('POST', '/v1/webhooks/postmark', 'x', { 'content-type': 'text/csv' });
    const mail = readFileSync(join(__dirname, 'fixtures/mail/rfc3464-postfix-user-unknown.eml'), 'utf8');
    await call('POST', '/v1/inbound/mail', mail, { 'content-type': 'message/rfc822' });
    await call('POST', '/v1/inbound/mail', 'not a mail at all', { 'content-type': 'message/rfc822' });
    await call('POST', '/v1/inbound/mail', { mail: 'as JSON' });

    expect(contract.breaches).toEqual([]);
  });

  it('documents every answer of the tokens and of access', async () => {
    const created = await call('POST', '/v1/tokens', { name: 'checker', scopes: ['check'] });
    const { id, token } = created.body as { id: string; token: string };
    await call('POST', '/v1/tokens', { name: 'nothing', scopes: [] });
    await call('GET', '/v1/tokens');
    await call('GET', '/v1/policy', undefined, { authorization: 'Bearer not-a-token' });
    await call('POST', '/v1/bounces', hardBounce('scoped@example.com'), { authorization: `Bearer ${token}` });
    await call('DELETE', `/v1/tokens/${id}`);
    await call('DELETE', '/v1/tokens/00000000-0000-4000-8000-000000000000');

    expect(created.status).toBe(201);
    expect(contract.breaches).toEqual([]);
  });

  it('exercised every operation it aims at, and the outcomes it aimed at', () => {
    // A new route joins this list when its outcomes are provoked above; the route table spec keeps it documented.
    const aimedAt = [
      ...['recordBounce', 'recordDelivery', 'recordCorrection', 'recordComplaint', 'recordUnsubscribe', 'recordEvents'],
      ...['checkSuppression', 'checkSuppressions', 'listSuppressions', 'suppressAddress', 'liftSuppression'],
      ...['getRecipient', 'getRecipientHistory', 'listRestorations', 'revertRestoration'],
      ...['getPolicy', 'simulatePolicy', 'getReadiness', 'getLiveness', 'scrapeMetrics'],
      ...['receiveSesNotification', 'receiveSendgridEvents', 'receiveMailgunEvent', 'receivePostmarkEvent'],
      ...['receiveBounceMail', 'createToken', 'listTokens', 'revokeToken'],
    ];
    const documented = new Set(
      Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId)),
    );

    expect(aimedAt.filter((id) => !documented.has(id) || !contract.seen.has(id))).toEqual([]);
    const seen = (operationId: string) => [...(contract.seen.get(operationId) ?? [])].sort();
    // The provocations above reached the outcomes they aim at, so each of these statuses was held to the document.
    expect(seen('recordBounce')).toEqual([200, 201, 400, 403, 409, 413, 415]);
    expect(seen('checkSuppression')).toEqual([200, 400, 414]);
    expect(seen('listSuppressions')).toEqual([200, 400]);
    expect(seen('getRecipientHistory')).toEqual([200, 400, 404]);
    expect(seen('liftSuppression')).toEqual([201, 400, 404, 409]);
    expect(seen('revertRestoration')).toEqual([200, 201, 400, 404, 409]);
    expect(seen('recordEvents')).toEqual([200, 400]);
    expect(seen('receivePostmarkEvent')).toEqual([200, 401, 403, 415]);
    expect(seen('receiveMailgunEvent')).toEqual([401]);
    expect(seen('receiveSesNotification')).toEqual([404]);
    expect(seen('receiveBounceMail')).toEqual([200, 415]);
    expect(seen('createToken')).toEqual([201, 400]);
    expect(seen('revokeToken')).toEqual([200, 404]);
    expect(seen('getPolicy')).toEqual([200, 401]);
  });

  it('finds a breach when an answer is off the document (the check can fail)', () => {
    const strict = new OpenApiContract(document);
    const headers = new Headers({ 'content-type': 'application/json' });
    strict.check('GET', '/v1/policy', { status: 404, headers, body: {} });
    strict.check('GET', '/v1/suppressions/a%40b.c', { status: 200, headers, body: { address: 'a@b.c', extra: 1 } });
    strict.check('GET', '/v1/nowhere', { status: 200, headers, body: {} });

    expect(strict.breaches.map((breach) => breach.problem)).toEqual([
      expect.stringContaining('status not documented'),
      expect.stringContaining('body off its schema'),
      'no documented operation',
    ]);
  });
});
