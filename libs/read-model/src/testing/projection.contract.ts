import { ReadModelUnavailableError } from '../read-model-store';
import { projectRecipientEvents } from '../recipient-status.projection';
import type { StoreContext } from './contract-context';
import { CONTRACT_CHECKPOINT, projectAll } from './contract-context';
import { at, DAY, EventLog, HOUR, snapshot } from './recipient-log';

/** Several recipients whose histories touch every kind of row and restoration change. */
function mixedLog(): EventLog {
  const log = new EventLog();
  log.recipient('ann@example.com').hardBounce(at(0));
  log
    .recipient('bob@example.com')
    .softBounce(at(HOUR))
    .softBounce(at(2 * HOUR));
  log
    .recipient('cem@example.com')
    .delivery(at(0))
    .softBounce(at(3 * HOUR));
  const dee = log
    .recipient('dee@example.com')
    .manualSuppression(at(HOUR))
    .correction(at(2 * HOUR));
  dee.revert(at(3 * HOUR), dee.activeRestorationId(), 'lead@company.test', 'wrongly restored');
  log.recipient('eve@example.com').hardBounce(at(0)).correction(at(HOUR)).hardBounce(at(DAY));
  const fay = log
    .recipient('fay@example.com')
    .softBounce(at(0))
    .softBounce(at(HOUR))
    .softBounce(at(2 * HOUR));
  fay.delivery(at(3 * HOUR));
  log.recipient('ann@example.com').correction(at(2 * DAY));
  return log;
}

export function describeProjectionContract(context: StoreContext): void {
  describe('given the same events delivered again', () => {
    it('then nothing changes: rows, restorations and updated times stay as they were', async () => {
      const log = mixedLog();
      await projectAll(context.store, log);
      const before = await snapshot(context.store, log, CONTRACT_CHECKPOINT);

      await projectAll(context.store, log);
      for (const event of log.events) {
        await context.store.project([event], { name: CONTRACT_CHECKPOINT, position: log.lastPosition });
      }

      expect(await snapshot(context.store, log, CONTRACT_CHECKPOINT)).toEqual(before);
    });

    it('then a batch overlapping what was applied applies only the new events', async () => {
      const log = mixedLog();
      const half = Math.floor(log.events.length / 2);
      await context.store.project(log.events.slice(0, half + 3), { name: CONTRACT_CHECKPOINT, position: 1n });
      await context.store.project(log.events.slice(half), { name: CONTRACT_CHECKPOINT, position: log.lastPosition });
      const overlapped = await snapshot(context.store, log, CONTRACT_CHECKPOINT);

      await context.store.reset();
      await projectAll(context.store, log);

      expect(await snapshot(context.store, log, CONTRACT_CHECKPOINT)).toEqual(overlapped);
    });
  });

  describe('checkpoints', () => {
    it('move forward only, each name on its own', async () => {
      expect(await context.store.checkpoint('projector')).toBeUndefined();

      await context.store.project([], { name: 'projector', position: 10n });
      await context.store.project([], { name: 'projector', position: 5n });
      await context.store.project([], { name: 'other', position: 3n });

      expect(await context.store.checkpoint('projector')).toBe(10n);
      expect(await context.store.checkpoint('other')).toBe(3n);
    });

    it('keep positions beyond the range of a JavaScript number exactly', async () => {
      const position = 2n ** 60n + 7n;

      await context.store.project([], { name: 'projector', position });

      expect(await context.store.checkpoint('projector')).toBe(position);
    });
  });

  describe('given a reset', () => {
    it('then every row, restoration and checkpoint is gone', async () => {
      const log = mixedLog();
      await projectAll(context.store, log);

      await context.store.reset();

      expect(await snapshot(context.store, log, CONTRACT_CHECKPOINT)).toEqual({
        rows: [],
        restorations: [],
        checkpoint: undefined,
      });
      const listed = await context.store.listSuppressions({ limit: 10, now: at(0) });
      expect(listed).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('given a rebuild from scratch', () => {
    it('then the rows are exactly those of the live projection, however the events were batched', async () => {
      const log = mixedLog();
      for (const event of log.events) {
        await context.store.project([event], { name: CONTRACT_CHECKPOINT, position: event.position });
      }
      const live = await snapshot(context.store, log, CONTRACT_CHECKPOINT);

      await context.store.reset();
      await projectAll(context.store, log);

      expect(await snapshot(context.store, log, CONTRACT_CHECKPOINT)).toEqual(live);
    });

    it('then every row equals the one the projection computes from the whole stream', async () => {
      const log = mixedLog();
      await projectAll(context.store, log);

      const { rows } = await snapshot(context.store, log, CONTRACT_CHECKPOINT);
      const expected = log.addresses().map((address) => {
        const stream = log.events.filter((event) => event.streamId === log.recipient(address).streamId);
        return projectRecipientEvents(null, stream)?.row;
      });
      expect(rows).toEqual(expected.sort((a, b) => ((a?.streamId ?? '') < (b?.streamId ?? '') ? -1 : 1)));
    });
  });

  describe('once closed', () => {
    it('answers every call with ReadModelUnavailableError', async () => {
      await context.store.close();

      await expect(context.store.getRecipient('ann@example.com')).rejects.toBeInstanceOf(ReadModelUnavailableError);
      await expect(context.store.getRecipients(['ann@example.com'])).rejects.toBeInstanceOf(ReadModelUnavailableError);
      await expect(context.store.project([], { name: 'projector', position: 1n })).rejects.toBeInstanceOf(
        ReadModelUnavailableError,
      );
      await expect(context.store.ping()).rejects.toBeInstanceOf(ReadModelUnavailableError);
    });
  });
}
