import type { RecipientStatusRow, RestorationFilter, SuppressionListFilter } from '../read-model-store';
import { InvalidQueryError } from '../read-model-store';
import type { StoreContext } from './contract-context';
import { projectAll } from './contract-context';
import { allPages, at, compare, DAY, EventLog, HOUR, streamIdOf } from './recipient-log';

/** While the live quarantine lasts (it ends at 45 h) and long after the expired one ended. */
const NOW = at(22 * HOUR);

/**
 * A population with every reason to be listed or not: ties on the decision time, every cause, a live and an expired
 * quarantine, a lifted suppression, and recipients that were never suppressed.
 */
function population(): EventLog {
  const log = new EventLog();
  for (const name of ['hard1', 'hard2', 'hard3', 'hard4']) {
    log.recipient(`${name}@example.com`).hardBounce(at(0));
  }
  log.recipient('hard5@example.com').hardBounce(at(HOUR));
  log.recipient('manual1@example.com').manualSuppression(at(2 * HOUR));
  log.recipient('manual2@example.com').manualSuppression(at(3 * HOUR));
  log
    .recipient('limit@example.com')
    .softBounce(at(4 * HOUR))
    .softBounce(at(5 * HOUR))
    .softBounce(at(6 * HOUR));
  log
    .recipient('quarantined@example.com')
    .softBounce(at(20 * HOUR))
    .softBounce(at(21 * HOUR));
  log
    .recipient('expired@example.com')
    .softBounce(at(-3 * DAY))
    .softBounce(at(-3 * DAY + HOUR));
  log
    .recipient('lifted@example.com')
    .manualSuppression(at(HOUR))
    .correction(at(2 * HOUR));
  log.recipient('delivered@example.com').delivery(at(0));
  log.recipient('bouncing@example.com').delivery(at(0)).softBounce(at(HOUR));
  return log;
}

/** The listed addresses in list order: by decision time, ties by stream id. */
function inListOrder(entries: [address: string, since: string][]): string[] {
  return entries
    .map(([address, since]) => ({ address, since, streamId: streamIdOf(address) }))
    .sort((a, b) => compare(a.since, b.since) || compare(a.streamId, b.streamId))
    .map((entry) => entry.address);
}

const HARD_AT_ZERO = ['hard1', 'hard2', 'hard3', 'hard4'].map((name): [string, string] => [
  `${name}@example.com`,
  at(0),
]);
const SUPPRESSED = inListOrder([
  ...HARD_AT_ZERO,
  ['hard5@example.com', at(HOUR)],
  ['manual1@example.com', at(2 * HOUR)],
  ['manual2@example.com', at(3 * HOUR)],
  ['limit@example.com', at(6 * HOUR)],
]);
const NOT_SENDABLE = [...SUPPRESSED, 'quarantined@example.com'];

export function describeListsContract(context: StoreContext): void {
  const list = async (filter: Partial<SuppressionListFilter>): Promise<string[]> => {
    const rows = await allPages((cursor) =>
      context.store.listSuppressions({
        limit: 1_000,
        now: NOW,
        ...filter,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    );
    return rows.map((row: RecipientStatusRow) => row.address);
  };

  describe('given recipients suppressed, quarantined, lifted and never suppressed', () => {
    const log = population();
    beforeEach(() => projectAll(context.store, log));

    it('lists exactly the recipients not sendable now, oldest decision first', async () => {
      expect(await list({})).toEqual(NOT_SENDABLE);
    });

    it('stops listing a quarantine once it has ended', async () => {
      expect(await list({ now: at(45 * HOUR) })).toEqual(SUPPRESSED);
      expect(await list({ now: at(45 * HOUR), status: 'quarantined' })).toEqual([]);
    });

    it('filters by status, cause, reason and decision time', async () => {
      expect(await list({ status: 'suppressed' })).toEqual(SUPPRESSED);
      expect(await list({ status: 'quarantined' })).toEqual(['quarantined@example.com']);
      expect(await list({ cause: 'manual' })).toEqual(['manual1@example.com', 'manual2@example.com']);
      expect(await list({ cause: 'soft_bounce_limit' })).toEqual(['limit@example.com']);
      expect(await list({ reason: 'mailbox_unknown' })).toEqual([...inListOrder(HARD_AT_ZERO), 'hard5@example.com']);
      expect(await list({ since: at(HOUR) })).toEqual(NOT_SENDABLE.slice(4));
      expect(await list({ cause: 'hard_bounce', since: at(30 * 60 * 1000) })).toEqual(['hard5@example.com']);
      expect(await list({ status: 'quarantined', cause: 'manual' })).toEqual([]);
    });

    it('pages through the list without duplicates or gaps, ties on the decision time included', async () => {
      for (const limit of [1, 2, 3, 9]) {
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await context.store.listSuppressions({ limit, now: NOW, ...(cursor ? { cursor } : {}) });
          pages.push(page.items.map((row) => row.address));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);

        expect(pages.flat()).toEqual(NOT_SENDABLE);
        expect(pages.every((page) => page.length === limit || page === pages[pages.length - 1])).toBe(true);
      }
    });

    it('keeps its place when a recipient is suppressed between two pages', async () => {
      const first = await context.store.listSuppressions({ limit: 5, now: NOW });
      const late = new EventLog();
      late.recipient('late@example.com').hardBounce(at(10 * HOUR));
      await context.store.project(late.events, { name: 'late', position: 1n });

      const rest = await list({ cursor: first.nextCursor ?? undefined });

      // Decided at 10 h: after the first page's key, so it appears in its place on a later page.
      expect([...first.items.map((row) => row.address), ...rest]).toEqual([
        ...NOT_SENDABLE.slice(0, 8),
        'late@example.com',
        ...NOT_SENDABLE.slice(8),
      ]);
    });

    it('refuses a cursor it did not issue, naming the field', async () => {
      const restorations = await context.store.listRestorations({ limit: 1 });
      const foreign =
        restorations.nextCursor ?? Buffer.from('["r1","2025-01-01T00:00:00.000Z","x"]').toString('base64url');

      for (const cursor of ['not a cursor', foreign]) {
        await expect(context.store.listSuppressions({ limit: 5, now: NOW, cursor })).rejects.toMatchObject({
          constructor: InvalidQueryError,
          field: 'cursor',
        });
      }
      await expect(context.store.listSuppressions({ limit: 0, now: NOW })).rejects.toBeInstanceOf(InvalidQueryError);
    });
  });

  describe('given suppressions at several domains and times', () => {
    /** Each address with the time its hard bounce suppressed it: the reference the filters are checked against. */
    const suppressed: [address: string, since: string][] = [
      ['ann@example.com', at(0)],
      ['anna@example.org', at(HOUR)],
      ['ann.lee@mail.example.com', at(2 * HOUR)],
      ['bob@example.com', at(3 * HOUR)],
      ['bob@sub.example.com', at(3 * HOUR)],
      ['zoe@example.com', at(5 * HOUR)],
      ['an_y%@example.com', at(6 * HOUR)],
    ];
    const log = new EventLog();
    for (const [address, since] of suppressed) {
      log.recipient(address).hardBounce(since);
    }
    log.recipient('annie@example.com').delivery(at(HOUR));
    beforeEach(() => projectAll(context.store, log));

    const expected = (keep: (address: string, since: string) => boolean): string[] =>
      inListOrder(suppressed.filter(([address, since]) => keep(address, since)));

    it('filters by address prefix, taking the prefix literally', async () => {
      for (const prefix of ['ann', 'anna', 'ann.', 'bob@', 'an_', 'an_y%', 'a', 'nobody']) {
        expect(await list({ addressPrefix: prefix })).toEqual(expected((address) => address.startsWith(prefix)));
      }
    });

    it('filters by domain, without its subdomains', async () => {
      for (const domain of ['example.com', 'example.org', 'sub.example.com', 'ample.com', 'mail.example.com']) {
        expect(await list({ domain })).toEqual(expected((address) => address.endsWith(`@${domain}`)));
      }
    });

    it('filters by a window of decision times: since included, until excluded', async () => {
      const windows: [since: string | undefined, until: string | undefined][] = [
        [at(HOUR), at(3 * HOUR)],
        [undefined, at(3 * HOUR)],
        [at(3 * HOUR), undefined],
        [at(3 * HOUR), at(3 * HOUR)],
        [at(-DAY), at(DAY)],
      ];
      for (const [since, until] of windows) {
        const window = { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
        expect(await list(window)).toEqual(
          expected((_, at) => (since === undefined || at >= since) && (until === undefined || at < until)),
        );
      }
    });

    it('combines the filters', async () => {
      expect(await list({ addressPrefix: 'b', domain: 'example.com', until: at(4 * HOUR) })).toEqual([
        'bob@example.com',
      ]);
    });

    it('counts every match over all pages when asked, and only then', async () => {
      const first = await context.store.listSuppressions({ limit: 2, now: NOW, domain: 'example.com', total: true });
      const second = await context.store.listSuppressions({
        limit: 2,
        now: NOW,
        domain: 'example.com',
        total: true,
        cursor: first.nextCursor ?? undefined,
      });
      const count = expected((address) => address.endsWith('@example.com')).length;

      expect([first.total, second.total]).toEqual([count, count]);
      expect((await context.store.listSuppressions({ limit: 2, now: NOW })).total).toBeUndefined();
    });

    it('refuses a window that ends before it starts, naming until', async () => {
      await expect(
        context.store.listSuppressions({ limit: 5, now: NOW, since: at(HOUR), until: at(0) }),
      ).rejects.toMatchObject({ constructor: InvalidQueryError, field: 'until' });
    });
  });

  describe('given several restorations, some reverted', () => {
    const log = new EventLog();
    const restorations: string[] = [];
    for (const [index, name] of ['ann', 'bob', 'cem', 'dee'].entries()) {
      const recipient = log.recipient(`${name}@example.com`).manualSuppression(at(index * HOUR));
      recipient.correction(at(index * HOUR + 1_000));
      restorations.push(recipient.activeRestorationId());
      if (name === 'bob' || name === 'dee') {
        recipient.revert(at(DAY), recipient.activeRestorationId(), 'lead@company.test', 'still unwanted');
      }
    }
    beforeEach(() => projectAll(context.store, log));

    it('lists them in the order they were made, filtered by address and state', async () => {
      const ids = async (filter: Omit<RestorationFilter, 'limit'>): Promise<string[]> =>
        (await allPages((cursor) => context.store.listRestorations({ limit: 1, ...filter, cursor }))).map(
          (row) => row.restorationId,
        );

      expect(await ids({})).toEqual(restorations);
      expect(await ids({ state: 'active' })).toEqual([restorations[0], restorations[2]]);
      expect(await ids({ state: 'reverted' })).toEqual([restorations[1], restorations[3]]);
      expect(await ids({ address: 'bob@example.com' })).toEqual([restorations[1]]);
      expect(await ids({ address: 'bob@example.com', state: 'active' })).toEqual([]);
      expect(await ids({ since: at(HOUR), until: at(3 * HOUR) })).toEqual([restorations[1], restorations[2]]);
      expect(await ids({ addressPrefix: 'b' })).toEqual([restorations[1]]);
      expect(await ids({ addressPrefix: 'dee@example.com' })).toEqual([restorations[3]]);
      expect(await ids({ addressPrefix: 'd', state: 'active' })).toEqual([]);
      expect(await ids({ domain: 'example.com' })).toEqual(restorations);
      expect(await ids({ domain: 'ample.com' })).toEqual([]);
      expect(await ids({ domain: 'example.org' })).toEqual([]);
      expect(await context.store.getRestoration('00000000-0000-4000-8000-000000000000')).toBeNull();
    });

    it('counts the restorations the filters match when asked', async () => {
      const page = await context.store.listRestorations({ limit: 1, state: 'reverted', total: true });

      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
    });
  });
}
