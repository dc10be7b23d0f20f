import type { TestApp } from '../../support/test-app';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const mailboxFull = { replyCode: 452, enhancedStatus: '4.2.2', diagnostic: '452 4.2.2 Mailbox full, over quota' };
const userUnknown = {
  replyCode: 550,
  enhancedStatus: '5.1.1',
  diagnostic: '550 5.1.1 <x>: Recipient address rejected: User unknown',
};

/** The addresses the console specs look at, each with a story the pages must tell. */
export const SEEDED = {
  /** Three soft bounces suppress it, a delivery restores it: the restoration a person can revert. */
  restored: 'jane.doe@example.com',
  /** Restored by a delivery, then a hard bounce: the restoration is superseded and can no longer be reverted. */
  superseded: 'came.back@example.org',
  /** A hard bounce, but allowlisted (a seed inbox): recorded and explained, yet sendable. */
  allowlisted: 'seed.inbox@example.net',
  /** A hard bounce: suppressed, lifted only by a correction. */
  hardBounce: 'gone.away@example.org',
  /** A hard bounce, then a correction by support: restored. */
  corrected: 'typo.fixed@example.net',
  /** Suppressed by hand. */
  manual: 'asked.to.stop@example.com',
  /** Two soft bounces: quarantined under the default policy, suppressed under a limit of 2. */
  quarantined: 'often.full@example.com',
  /** One soft bounce: still sendable. */
  softBouncing: 'once.full@example.com',
  /** Only deliveries. */
  deliverable: 'happy.reader@example.com',
} as const;

/**
 * Records the facts through the HTTP API, as the services that send mail would, each a minute after it happened (the
 * service's clock is moved along), so decisions carry realistic times; the clock ends at the real time, which is the
 * browser's too.
 */
export async function seedConsoleData(api: TestApp): Promise<{ restorationId: string }> {
  const now = Date.now();
  const at = (ago: number) => new Date(now - ago).toISOString();
  const post = async (
    path: string,
    body: { address: string; occurredAt?: string } & Record<string, unknown>,
    expected = [200, 201],
  ): Promise<any> => {
    api.clock.set(new Date(Date.parse(body.occurredAt ?? at(3 * DAY)) + 60_000).toISOString());
    const response = await api.request('POST', path, body);
    if (!expected.includes(response.status)) {
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body;
  };
  const bounce = (address: string, ago: number, smtp: object, messageId: string) =>
    post('/v1/bounces', { address, occurredAt: at(ago), smtp, messageId, source: 'mta' });

  await bounce(SEEDED.restored, 6 * DAY, mailboxFull, 'm-jane-1');
  await bounce(SEEDED.restored, 5 * DAY, mailboxFull, 'm-jane-2');
  await bounce(SEEDED.restored, 4 * DAY, mailboxFull, 'm-jane-3');
  const delivered = await post('/v1/deliveries', {
    address: SEEDED.restored,
    occurredAt: at(3 * DAY),
    messageId: 'm-jane-4',
  });
  const restorationId = delivered.decision?.restorationId;
  if (typeof restorationId !== 'string') {
    throw new Error(`the delivery did not restore ${SEEDED.restored}: ${JSON.stringify(delivered)}`);
  }

  await bounce(SEEDED.superseded, 9 * DAY, mailboxFull, 'm-back-1');
  await bounce(SEEDED.superseded, 8 * DAY, mailboxFull, 'm-back-2');
  await bounce(SEEDED.superseded, 7 * DAY, mailboxFull, 'm-back-3');
  await post('/v1/deliveries', { address: SEEDED.superseded, occurredAt: at(6 * DAY), messageId: 'm-back-4' });
  await bounce(SEEDED.superseded, 1 * DAY, userUnknown, 'm-back-5');
  await bounce(SEEDED.allowlisted, 2 * DAY, userUnknown, 'm-seed-1');
  const allowlisted = await api.request('POST', '/v1/allowlist', {
    entry: SEEDED.allowlisted,
    by: 'deliverability@company.test',
    reason: 'Seed inbox of the deliverability monitor',
  });
  if (allowlisted.status !== 201) {
    throw new Error(`/v1/allowlist answered ${allowlisted.status}: ${JSON.stringify(allowlisted.body)}`);
  }
  await bounce(SEEDED.hardBounce, 2 * DAY, userUnknown, 'm-gone-1');
  await bounce(SEEDED.corrected, 5 * DAY, userUnknown, 'm-typo-1');
  await post('/v1/corrections', {
    address: SEEDED.corrected,
    occurredAt: at(1 * DAY),
    by: 'support@company.test',
    note: 'typo fixed at sign-up',
  });
  await post('/v1/suppressions', { address: SEEDED.manual, by: 'support@company.test', note: 'asked us to stop' });
  await bounce(SEEDED.quarantined, 10 * HOUR, mailboxFull, 'm-often-1');
  await bounce(SEEDED.quarantined, 8 * HOUR, mailboxFull, 'm-often-2');
  await bounce(SEEDED.softBouncing, 1 * DAY, mailboxFull, 'm-once-1');
  await post('/v1/deliveries', { address: SEEDED.deliverable, occurredAt: at(2 * HOUR), messageId: 'm-happy-1' });
  api.clock.set(new Date().toISOString());
  return { restorationId };
}
