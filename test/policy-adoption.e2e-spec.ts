import { randomBytes } from 'node:crypto';
import { DEFAULT_POLICY_DOCUMENT } from '@app/domain';
import { dropPostgresSchemas } from '@app/read-model';
import { CLI, run, writePolicy } from './support/cli-process';
import { ControllableClock } from './support/controllable-clock';
import type { TestApp } from './support/test-app';
import { eventually, startTestApp } from './support/test-app';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const FULL = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const UNKNOWN = { replyCode: 550, enhancedStatus: '5.1.1', diagnostic: '550 5.1.1 User unknown' };
/** A shorter window and a later quarantine: old runs stop counting, two bounces no longer quarantine. */
const LOOSER = {
  ...DEFAULT_POLICY_DOCUMENT,
  version: 'looser-2',
  softBounce: { limit: 4, window: 'P2D', quarantineAt: 3, quarantineFor: 'PT24H' },
};
const ADOPTER = 'ops@company.test';

const databaseUrl = process.env.DATABASE_URL;
const readModels: { name: string; env: () => Record<string, string> }[] = [
  { name: 'the embedded SQLite read model', env: () => ({}) },
  ...(databaseUrl === undefined || databaseUrl === ''
    ? []
    : [
        {
          name: 'the PostgreSQL read model',
          env: () => ({
            READ_MODEL: 'postgres',
            DATABASE_URL: databaseUrl,
            DATABASE_SCHEMA: `e2e_${randomBytes(6).toString('hex')}`,
          }),
        },
      ]),
];

describe.each(readModels)('adopting a policy while the service runs, on $name', ({ env }) => {
  jest.setTimeout(60_000);
  const now = Date.now();
  const at = (offsetMs: number): string => new Date(now + offsetMs).toISOString();
  const settings = env();
  let api: TestApp;

  const answer = (address: string) => api.client.check(address);
  const bounce = async (address: string, occurredAt: string, smtp: typeof FULL): Promise<void> => {
    expect((await api.client.api.POST('/v1/bounces', { body: { address, occurredAt, smtp } })).response.status).toBe(
      201,
    );
  };

  beforeAll(async () => {
    api = await startTestApp(settings, { clock: new ControllableClock(now) });
    await bounce('faded@example.com', at(-3 * DAY), FULL);
    await bounce('faded@example.com', at(-3 * DAY + HOUR), FULL);
    await bounce('quarantined@example.com', at(-2 * HOUR), FULL);
    await bounce('quarantined@example.com', at(-HOUR), FULL);
    await bounce('gone@example.com', at(-HOUR), UNKNOWN);
  });

  afterAll(async () => {
    await api.close();
    if (settings.DATABASE_URL !== undefined && settings.DATABASE_SCHEMA !== undefined) {
      await dropPostgresSchemas(settings.DATABASE_URL, [settings.DATABASE_SCHEMA]);
    }
  });

  it('answers under the adopted policy at once: no rebuild, no restart, and only the changed recipient re-evaluated', async () => {
    await eventually(async () => expect(await answer('gone@example.com')).toMatchObject({ status: 'suppressed' }));
    expect(await answer('faded@example.com')).toMatchObject({ status: 'soft_bouncing' });
    expect(await answer('quarantined@example.com')).toMatchObject({ status: 'quarantined' });
    const gone = await answer('gone@example.com');
    const simulated = await api.client.simulatePolicy(LOOSER);
    const listed = simulated.changes.map(({ address, kind }) => `${address}: ${kind}`).sort();
    expect(listed).toEqual([
      'faded@example.com: soft_bouncing -> deliverable',
      'quarantined@example.com: quarantined -> soft_bouncing',
    ]);

    const adopted = await run(
      CLI,
      ['policy', 'adopt', writePolicy(api.dataDir, 'looser', LOOSER), '--by', ADOPTER],
      api.dataDir,
      undefined,
      settings,
    );
    expect(adopted.code).toBe(0);
    expect(adopted.stdout).toContain(': 1 changed');
    expect(adopted.stdout).not.toMatch(/rebuild|restart/);

    await eventually(async () => {
      expect((await api.client.policy()).version).toBe('looser-2');
      expect(await answer('quarantined@example.com')).toMatchObject({ status: 'soft_bouncing', restored: false });
    });
    expect(await answer('faded@example.com')).toEqual({
      address: 'faded@example.com',
      status: 'deliverable',
      suppressed: false,
      restored: false,
    });
    expect(await answer('gone@example.com')).toEqual(gone);

    const history = await api.client.history('quarantined@example.com');
    const last = history.events[history.events.length - 1];
    expect(last).toMatchObject({ type: 'RecipientReevaluated', data: { by: ADOPTER, policyVersion: 'looser-2' } });
    expect(last?.explanation).toMatch(
      /^Re-evaluated under policy looser-2 by ops@company\.test: quarantined until .* -> soft bouncing until /,
    );
    for (const address of ['faded@example.com', 'gone@example.com']) {
      const untouched = await api.client.history(address);
      expect(untouched.events.map((event) => event.type)).not.toContain('RecipientReevaluated');
    }
    expect((await api.client.listRestorations()).items).toEqual([]);
    const again = await api.client.simulatePolicy(LOOSER);
    expect(again.totals.changed).toBe(0);
  });
});
