import { ControllableClock } from './support/controllable-clock';
import type { TestApp, TestResponse } from './support/test-app';
import { startTestApp } from './support/test-app';

/**
 * The scope each operation takes, written down here rather than read from the service: the walk below holds the
 * served routes to it, so a route added without a scope, or with the wrong one, fails.
 */
const SCOPE_OF: Record<string, string> = {
  recordBounce: 'ingest',
  recordDelivery: 'ingest',
  recordComplaint: 'ingest',
  recordUnsubscribe: 'ingest',
  recordCorrection: 'ingest',
  recordEvents: 'ingest',
  receiveBounceMail: 'ingest',
  checkSuppression: 'check',
  checkSuppressions: 'check',
  listSuppressions: 'check',
  suppressAddress: 'support',
  liftSuppression: 'support',
  getRecipient: 'support',
  getRecipientHistory: 'support',
  listRestorations: 'support',
  revertRestoration: 'support',
  getPolicy: 'policy',
  simulatePolicy: 'policy',
  createToken: 'admin',
  listTokens: 'admin',
  revokeToken: 'admin',
  eraseRecipient: 'admin',
  listAllowlist: 'support',
  addAllowlistEntry: 'admin',
  removeAllowlistEntry: 'admin',
  scrapeMetrics: 'metrics',
};
/** Open to anyone: probes, and webhooks that prove themselves with the provider's own secret. */
const PUBLIC = [
  'getReadiness',
  'getLiveness',
  'receiveSesNotification',
  'receiveSendgridEvents',
  'receiveMailgunEvent',
  'receivePostmarkEvent',
];
const SCOPES = ['check', 'ingest', 'support', 'policy', 'admin', 'metrics'];

interface Operation {
  operationId: string;
  method: string;
  path: string;
  secured: boolean;
}

describe('every route refuses a request without the right token and accepts one with it', () => {
  const clock = new ControllableClock(Date.parse('2026-11-22T12:00:00Z'));
  let api: TestApp;
  let operations: Operation[];
  const tokens: Record<string, string> = {};

  const issue = async (name: string, scopes: string[], expiresAt?: string): Promise<{ id: string; token: string }> => {
    const response = await api.request('POST', '/v1/tokens', { name, scopes, ...(expiresAt ? { expiresAt } : {}) });
    expect(response.status).toBe(201);
    return response.body as { id: string; token: string };
  };

  beforeAll(async () => {
    // Not loopback for the guard (the test still connects over loopback): /metrics takes its scope too.
    api = await startTestApp({ HOST: '0.0.0.0' }, { clock });
    const document = (await api.request('GET', '/docs-json')).body;
    operations = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        operationId: operation.operationId,
        method: method.toUpperCase(),
        path: path.replace('{address}', 'jane%40example.com').replace('{id}', '00000000-0000-4000-8000-000000000000'),
        secured: Array.isArray(operation.security) && operation.security.length > 0,
      })),
    );
    for (const scope of SCOPES) {
      tokens[scope] = (await issue(`only-${scope}`, [scope])).token;
      tokens[`all-but-${scope}`] = (
        await issue(
          `all-but-${scope}`,
          SCOPES.filter((other) => other !== scope),
        )
      ).token;
    }
    const revoked = await issue('revoked', SCOPES);
    expect((await api.request('DELETE', `/v1/tokens/${revoked.id}`)).status).toBe(200);
    tokens.revoked = revoked.token;
    tokens.expired = (await issue('expiring', SCOPES, '2026-11-22T12:00:01Z')).token;
    clock.advance(2_000);
  }, 60_000);

  afterAll(() => api.close());

  it('knows the scope of every operation the document lists, and documents bearer security on each', () => {
    expect(operations.length).toBe(Object.keys(SCOPE_OF).length + PUBLIC.length);
    for (const { operationId, secured } of operations) {
      expect([operationId, secured]).toEqual([operationId, !PUBLIC.includes(operationId)]);
      expect([...Object.keys(SCOPE_OF), ...PUBLIC]).toContain(operationId);
    }
  });

  const send = (operation: Operation, authorization: string): Promise<TestResponse> =>
    api.request(operation.method, operation.path, ['POST', 'DELETE'].includes(operation.method) ? {} : undefined, {
      authorization,
    });

  const expectUnauthorized = (response: TestResponse, operationId: string) => {
    expect([operationId, response.status]).toEqual([operationId, 401]);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="recipient-state"/);
    expect(response.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  };

  it('answers 401 with a bearer challenge to no token, a malformed one, an unknown, an expired and a revoked one', async () => {
    for (const operation of operations.filter(({ operationId }) => !PUBLIC.includes(operationId))) {
      expectUnauthorized(await send(operation, ''), operation.operationId);
      expectUnauthorized(
        await send(operation, `Basic ${Buffer.from('a:b').toString('base64')}`),
        operation.operationId,
      );
      expectUnauthorized(
        await send(operation, 'Bearer rs_nobody-issued-this-token-0123456789abcdef'),
        operation.operationId,
      );
      expectUnauthorized(await send(operation, `Bearer ${tokens.expired}`), operation.operationId);
      expectUnauthorized(await send(operation, `Bearer ${tokens.revoked}`), operation.operationId);
    }
  }, 120_000);

  it('answers 403 to a token holding every scope but the one the operation takes, and lets the right one through', async () => {
    for (const operation of operations.filter(({ operationId }) => !PUBLIC.includes(operationId))) {
      const scope = SCOPE_OF[operation.operationId] as string;
      const wrong = await send(operation, `Bearer ${tokens[`all-but-${scope}`]}`);
      expect([operation.operationId, wrong.status]).toEqual([operation.operationId, 403]);
      expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(wrong.body.detail).toContain(`the ${scope} scope`);
      const right = await send(operation, `Bearer ${tokens[scope]}`);
      expect([operation.operationId, [401, 403].includes(right.status)]).toEqual([operation.operationId, false]);
    }
  }, 120_000);

  it('lets anyone reach the probes and the webhooks, whose providers bring their own secrets', async () => {
    for (const operation of operations.filter(({ operationId }) => PUBLIC.includes(operationId))) {
      const response = await send(operation, '');
      expect([operation.operationId, response.headers.get('www-authenticate')]).toEqual([operation.operationId, null]);
    }
  });
});
