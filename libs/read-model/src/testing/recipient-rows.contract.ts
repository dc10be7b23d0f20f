import { defaultPolicy, parsePolicy } from '@app/domain';
import type { Policy } from '@app/domain';
import { projectRecipientEvents, rowStatusAt } from '../recipient-status.projection';
import type { StoreContext } from './contract-context';
import { projectAll } from './contract-context';
import { at, DAY, EventLog, HOUR, streamIdOf, T0 } from './recipient-log';

const JANE = 'jane@example.com';

/** The default policy with a different soft-bounce section, as an adoption would bring in. */
function policyWith(version: string, softBounce: Record<string, unknown>, undetermined?: string): Policy {
  const result = parsePolicy({ version, softBounce, ...(undetermined === undefined ? {} : { undetermined }) });
  if (!result.ok) {
    throw new Error(`test policy ${version} is invalid: ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}

export function describeRecipientRowsContract(context: StoreContext): void {
  describe('given a hard bounce', () => {
    const log = new EventLog();
    log.recipient(JANE).hardBounce(at(0));

    it('then the recipient is suppressed with the cause, reason and time of the decision', async () => {
      await projectAll(context.store, log);

      const row = await context.store.getRecipient(JANE);
      expect(row).toMatchObject({
        streamId: streamIdOf(JANE),
        address: JANE,
        standing: 'suppressed',
        cause: 'hard_bounce',
        reason: 'mailbox_unknown',
        since: at(0),
        quarantineUntil: null,
        restored: false,
        restorationId: null,
        streamRevision: 1,
        policyVersion: 'default-1',
        updatedAt: at(0),
      });
      expect(rowStatusAt(row, defaultPolicy(), T0 + 30 * DAY)).toEqual({
        status: 'suppressed',
        suppressed: true,
        restored: false,
        cause: 'hard_bounce',
        reason: 'mailbox_unknown',
        since: at(0),
      });
    });

    it('then the stored row is exactly the one the projection computes, folded state included', async () => {
      await projectAll(context.store, log);

      const expected = projectRecipientEvents(null, log.events)?.row;
      expect(await context.store.getRecipient(JANE)).toEqual(expected);
    });
  });

  describe('given two soft bounces within the window', () => {
    const log = new EventLog();
    log.recipient(JANE).softBounce(at(0)).softBounce(at(HOUR));

    it('then the recipient is quarantined until the newest bounce plus the quarantine period', async () => {
      await projectAll(context.store, log);

      const row = await context.store.getRecipient(JANE);
      expect(row).toMatchObject({
        standing: 'quarantined',
        cause: null,
        reason: null,
        since: at(HOUR),
        quarantineUntil: at(25 * HOUR),
      });
      expect(row).not.toHaveProperty('softBouncingUntil');
      expect(row).not.toHaveProperty('runLength');
      expect(rowStatusAt(row, defaultPolicy(), T0 + 2 * HOUR)).toEqual({
        status: 'quarantined',
        suppressed: true,
        restored: false,
        since: at(HOUR),
        until: at(25 * HOUR),
      });
    });

    it('then once the quarantine ends it reads as soft bouncing, and as deliverable after the window', async () => {
      await projectAll(context.store, log);

      const row = await context.store.getRecipient(JANE);
      expect(rowStatusAt(row, defaultPolicy(), T0 + 25 * HOUR + 1)).toEqual({
        status: 'soft_bouncing',
        suppressed: false,
        restored: false,
        until: at(HOUR + 7 * DAY),
      });
      expect(rowStatusAt(row, defaultPolicy(), T0 + HOUR + 7 * DAY + 1)).toEqual({
        status: 'deliverable',
        suppressed: false,
        restored: false,
      });
    });

    it('then the same stored row answers under a newly adopted window at once, without projecting again', async () => {
      await projectAll(context.store, log);
      const row = await context.store.getRecipient(JANE);
      const shortWindow = policyWith('short-window-1', {
        limit: 3,
        window: 'P2D',
        quarantineAt: 2,
        quarantineFor: 'PT24H',
      });
      const longWindow = policyWith('long-window-1', {
        limit: 3,
        window: 'P30D',
        quarantineAt: 2,
        quarantineFor: 'PT24H',
      });
      const threeDaysOn = T0 + 3 * DAY;

      expect(rowStatusAt(row, defaultPolicy(), threeDaysOn)).toMatchObject({ status: 'soft_bouncing' });
      expect(rowStatusAt(row, shortWindow, threeDaysOn)).toEqual({
        status: 'deliverable',
        suppressed: false,
        restored: false,
      });
      expect(rowStatusAt(row, longWindow, T0 + 20 * DAY)).toEqual({
        status: 'soft_bouncing',
        suppressed: false,
        restored: false,
        until: at(HOUR + 30 * DAY),
      });
    });
  });

  describe('given two undetermined bounces', () => {
    const log = new EventLog();
    const undetermined = { diagnostic: 'message could not be delivered' };
    log.recipient(JANE).bounce(at(0), undetermined).bounce(at(HOUR), undetermined);

    it('then whether they make a run follows the policy read with the row, not the one it was projected under', async () => {
      await projectAll(context.store, log);
      const row = await context.store.getRecipient(JANE);
      const ignoring = policyWith('ignore-undetermined-1', {}, 'ignore');

      expect(rowStatusAt(row, defaultPolicy(), T0 + 2 * DAY)).toMatchObject({ status: 'soft_bouncing' });
      expect(rowStatusAt(row, ignoring, T0 + 2 * DAY)).toEqual({
        status: 'deliverable',
        suppressed: false,
        restored: false,
      });
    });
  });

  describe('given a manual suppression lifted by a correction', () => {
    const log = new EventLog();
    const jane = log.recipient(JANE).manualSuppression(at(0)).correction(at(HOUR));
    const restorationId = jane.activeRestorationId();
    const restoredLog = log.events.length;
    jane.revert(at(2 * HOUR), restorationId, 'lead@company.test', 'the customer asked to stay off the list');

    it('then the recipient is restored and its restoration is active', async () => {
      await context.store.project(log.events.slice(0, restoredLog), { name: 'restorations', position: 1n });

      expect(await context.store.getRecipient(JANE)).toMatchObject({
        standing: 'clear',
        restored: true,
        restorationId,
      });
      expect(await context.store.getRestoration(restorationId)).toEqual({
        restorationId,
        streamId: streamIdOf(JANE),
        address: JANE,
        trigger: log.events[restoredLog - 2]?.event.eventId,
        previous: expect.objectContaining({ kind: 'suppressed', cause: 'manual', since: at(0) }),
        state: 'active',
        restoredAt: at(HOUR),
        endedAt: null,
        revertedBy: null,
        note: null,
      });
    });

    it('then after a revert the suppression stands again and the restoration reads as reverted', async () => {
      await projectAll(context.store, log);

      expect(await context.store.getRecipient(JANE)).toMatchObject({
        standing: 'suppressed',
        cause: 'manual',
        reason: 'manual',
        since: at(0),
        restored: false,
        restorationId: null,
      });
      expect(await context.store.getRestoration(restorationId)).toMatchObject({
        state: 'reverted',
        endedAt: at(2 * HOUR),
        revertedBy: 'lead@company.test',
        note: 'the customer asked to stay off the list',
      });
    });
  });

  describe('given a restoration followed by a new hard bounce', () => {
    const log = new EventLog();
    const jane = log.recipient(JANE).hardBounce(at(0)).correction(at(HOUR));
    const restorationId = jane.activeRestorationId();
    jane.hardBounce(at(2 * HOUR));

    it('then the new suppression stands and the restoration is superseded, no longer revertible', async () => {
      await projectAll(context.store, log);

      expect(await context.store.getRecipient(JANE)).toMatchObject({
        standing: 'suppressed',
        cause: 'hard_bounce',
        since: at(2 * HOUR),
        restored: false,
      });
      expect(await context.store.getRestoration(restorationId)).toMatchObject({
        state: 'superseded',
        endedAt: at(2 * HOUR),
        revertedBy: null,
      });
      const active = await context.store.listRestorations({ state: 'active', limit: 10 });
      const reverted = await context.store.listRestorations({ state: 'reverted', limit: 10 });
      expect([...active.items, ...reverted.items]).toEqual([]);
    });
  });

  describe('given soft bounces up to the limit, then a delivery', () => {
    const log = new EventLog();
    const jane = log
      .recipient(JANE)
      .softBounce(at(0))
      .softBounce(at(HOUR))
      .softBounce(at(2 * HOUR));
    const suppressedUpTo = log.events.length;
    jane.delivery(at(3 * HOUR));

    it('then the recipient was suppressed at the limit and restored by the delivery', async () => {
      await context.store.project(log.events.slice(0, suppressedUpTo), { name: 'limit', position: 1n });
      expect(await context.store.getRecipient(JANE)).toMatchObject({
        standing: 'suppressed',
        cause: 'soft_bounce_limit',
        reason: 'mailbox_full',
      });

      await context.store.project(log.events.slice(suppressedUpTo), { name: 'limit', position: 2n });
      const row = await context.store.getRecipient(JANE);
      expect(row).toMatchObject({ standing: 'clear', restored: true });
      expect(rowStatusAt(row, defaultPolicy(), T0 + 4 * HOUR)).toEqual({
        status: 'deliverable',
        suppressed: false,
        restored: true,
      });
      expect(await context.store.getRestoration(row?.restorationId ?? '')).toMatchObject({
        state: 'active',
        trigger: log.events[suppressedUpTo]?.event.eventId,
        previous: expect.objectContaining({ kind: 'suppressed', cause: 'soft_bounce_limit' }),
      });
    });
  });

  describe('given a bulk lookup', () => {
    const log = new EventLog();
    const known = ['ann@example.com', 'bob@example.org', 'cem@example.net'];
    known.forEach((address, index) => log.recipient(address).hardBounce(at(index * HOUR)));

    it('returns the rows of the known addresses and nothing for addresses never seen', async () => {
      await projectAll(context.store, log);

      const rows = await context.store.getRecipients(['nobody@example.com', ...known.slice().reverse(), known[0]!]);
      expect([...rows.keys()].sort()).toEqual(known);
      expect(rows.get('bob@example.org')).toMatchObject({ address: 'bob@example.org', standing: 'suppressed' });
      expect(await context.store.getRecipients([])).toEqual(new Map());
      expect(await context.store.getRecipient('nobody@example.com')).toBeNull();
    });

    it('finds the known addresses among thousands of unknown ones', async () => {
      await projectAll(context.store, log);
      const addresses = Array.from({ length: 2_500 }, (_, index) => `user${index}@example.com`);
      addresses.splice(7, 0, known[0]!);
      addresses.splice(1_234, 0, known[1]!);
      addresses.push(known[2]!);

      const rows = await context.store.getRecipients(addresses);

      expect([...rows.keys()].sort()).toEqual(known);
    });

    it('shows a row projected after the address was looked up and found missing', async () => {
      expect(await context.store.getRecipients(known)).toEqual(new Map());
      expect(await context.store.getRecipient(known[0]!)).toBeNull();

      await projectAll(context.store, log);

      expect((await context.store.getRecipients(known)).size).toBe(3);
      expect(await context.store.getRecipient(known[0]!)).toMatchObject({ standing: 'suppressed' });
    });
  });
}
