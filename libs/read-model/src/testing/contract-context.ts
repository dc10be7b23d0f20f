import type { ReadModelStore } from '../read-model-store';
import type { EventLog } from './recipient-log';

/** What an adapter's spec hands the contract: a fresh, empty store, and how to release it. */
export interface ContractStore {
  store: ReadModelStore;
  dispose(): Promise<void>;
}

/** The store of the running test, created before each test and disposed after it. */
export interface StoreContext {
  readonly store: ReadModelStore;
}

export const CONTRACT_CHECKPOINT = 'recipient-status';

/** Applies the whole log in one batch, moving the checkpoint to its end, as a projector catching up would. */
export function projectAll(store: ReadModelStore, log: EventLog): Promise<void> {
  return store.project(log.events, { name: CONTRACT_CHECKPOINT, position: log.lastPosition });
}
