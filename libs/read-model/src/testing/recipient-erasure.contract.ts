import { defaultPolicy } from '@app/domain';
import type { ContractStore } from './contract-context';
import { CONTRACT_CHECKPOINT, projectAll } from './contract-context';
import { at, DAY, EventLog, HOUR, T0 } from './recipient-log';

const ERASED = 'jane@example.com';
const KEPT = 'bob@example.com';

/**
 * What every read model that offers `eraseRecipient` does: the erased recipient's rows are gone from every query
 * (lookups, bulk checks, lists, restorations), the other recipients' rows stay, and projecting goes on.
 * `leftovers` reads the adapter's storage directly and answers where the address's bytes are still found.
 */
export function describeRecipientErasureContract(
  adapter: string,
  create: () => Promise<ContractStore & { leftovers(text: string): Promise<string[]> }>,
): void {
  describe(`${adapter} read model: erasing a recipient`, () => {
    let context: Awaited<ReturnType<typeof create>>;
    beforeEach(async () => {
      context = await create();
    });
    afterEach(() => context.dispose());

    it('removes its status, its restorations and every copy the caches held, and keeps the others', async () => {
      const { store } = context;
      const log = new EventLog();
      const jane = log
        .recipient(ERASED)
        .hardBounce(at(0))
        .correction(at(HOUR))
        .hardBounce(at(2 * HOUR));
      log.recipient(KEPT).manualSuppression(at(0));
      await projectAll(store, log);
      const now = T0 + DAY;
      // Warm every cache and index the adapter keeps before erasing, so a stale copy would show.
      expect((await store.getRecipient(ERASED))?.standing).toBe('suppressed');
      expect((await store.listRestorations({ limit: 10 })).items).toHaveLength(1);
      expect(await store.checkStatuses?.([ERASED, KEPT], defaultPolicy(), now)).toEqual(
        store.checkStatuses && [
          expect.objectContaining({ status: 'suppressed' }),
          expect.objectContaining({ status: 'suppressed' }),
        ],
      );

      await store.eraseRecipient?.(jane.streamId);

      expect(await store.getRecipient(ERASED)).toBeNull();
      expect([...(await store.getRecipients([ERASED, KEPT])).keys()]).toEqual([KEPT]);
      expect(await store.checkStatuses?.([ERASED, KEPT], defaultPolicy(), now)).toEqual(
        store.checkStatuses && [
          expect.objectContaining({ status: 'deliverable' }),
          expect.objectContaining({ status: 'suppressed' }),
        ],
      );
      const listed = await store.listSuppressions({ limit: 10, now: new Date(now).toISOString() });
      expect(listed.items.map((row) => row.address)).toEqual([KEPT]);
      expect((await store.listRestorations({ limit: 10 })).items).toEqual([]);
      expect(await context.leftovers(ERASED)).toEqual([]);
      expect(await context.leftovers(KEPT)).not.toEqual([]);
    });

    it('projects a later event of the erased stream onto a new row, past the checkpoint it had reached', async () => {
      const { store } = context;
      const log = new EventLog();
      const jane = log.recipient(ERASED).hardBounce(at(0));
      await projectAll(store, log);
      await store.eraseRecipient?.(jane.streamId);

      jane.delivery(at(HOUR));
      await store.project(log.events.slice(-1), { name: CONTRACT_CHECKPOINT, position: log.lastPosition });

      expect(await store.checkpoint(CONTRACT_CHECKPOINT)).toBe(log.lastPosition);
      expect((await store.getRecipient(ERASED))?.address).toBe(ERASED);
    });

    it('erases nothing else for a stream it holds no row of', async () => {
      const { store } = context;
      const log = new EventLog();
      log.recipient(KEPT).manualSuppression(at(0));
      await projectAll(store, log);

      await store.eraseRecipient?.('recipient-unknown');

      expect((await store.getRecipient(KEPT))?.standing).toBe('suppressed');
    });
  });
}
