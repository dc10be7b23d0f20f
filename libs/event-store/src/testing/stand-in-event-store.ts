import type { EventStore } from '../event-store';
import { createEventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { startEventStoreStandIn } from './esdb-stand-in';
import type { EventStoreStandIn } from './esdb-stand-in';

export interface StandInEventStore {
  /** A fresh stand-in for each test. */
  readonly standIn: EventStoreStandIn;
  /** The EventStoreDB adapter connected to it; closed after the test, before the stand-in stops. */
  readonly store: EventStore;
}

/** Registers the hooks that give each test its own stand-in and an EventStoreDB store on it. */
export function useStandInEventStore(): StandInEventStore {
  const fixture = {} as { standIn: EventStoreStandIn; store: EventStore };
  beforeEach(async () => {
    fixture.standIn = await startEventStoreStandIn();
    fixture.store = createEventStoreDbEventStore({ connectionString: fixture.standIn.connectionString });
  });
  afterEach(async () => {
    await fixture.store.close();
    await fixture.standIn.stop();
  });
  return fixture;
}
