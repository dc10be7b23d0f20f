import type { ReadModelStore } from '../read-model-store';
import type { ContractStore, StoreContext } from './contract-context';
export type { ContractStore } from './contract-context';
import { describeDeadLettersContract } from './dead-letters.contract';
import { describeProjectionContract } from './projection.contract';
import { describeRecipientRowsContract } from './recipient-rows.contract';
import { describeListsContract } from './read-model-lists.contract';

/**
 * The one contract every read-model adapter passes, written as "given these events, then these rows": events come
 * from the real decider, so the rows are the ones the service would show.
 */
export function describeReadModelContract(name: string, create: () => Promise<ContractStore>): void {
  describe(`${name} read model contract`, () => {
    let current: ContractStore | undefined;
    beforeEach(async () => {
      current = await create();
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    const context: StoreContext = {
      get store(): ReadModelStore {
        if (current === undefined) {
          throw new Error('the store exists only while a test runs');
        }
        return current.store;
      },
    };
    describeRecipientRowsContract(context);
    describeProjectionContract(context);
    describeListsContract(context);
    describeDeadLettersContract(context);
  });
}
