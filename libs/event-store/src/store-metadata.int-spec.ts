import { createEventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import type { EventStore } from './event-store';
import { claimSqliteStoreMetadata, claimStoreMetadata, STORE_METADATA_STREAM } from './store-metadata';
import { startEventStoreStandIn } from './testing/esdb-stand-in';
import type { EventStoreStandIn } from './testing/esdb-stand-in';
import { useTemporarySqliteStores } from './testing/temporary-sqlite-stores';

describe('store metadata in SQLite', () => {
  const stores = useTemporarySqliteStores('store-metadata-');

  it('keeps the first value recorded under a name, across reopening, and stays out of the log', async () => {
    const first = stores.open();
    expect(claimSqliteStoreMetadata(first.database, 'fingerprint', 'first')).toBe('first');
    expect(claimSqliteStoreMetadata(first.database, 'fingerprint', 'second')).toBe('first');
    await first.close();

    const reopened = stores.open();
    expect(claimSqliteStoreMetadata(reopened.database, 'fingerprint', 'third')).toBe('first');
    expect(claimSqliteStoreMetadata(reopened.database, 'other', 'own')).toBe('own');
    const events = [];
    for await (const event of reopened.readAll()) {
      events.push(event);
    }
    expect(events).toEqual([]);
  });
});

describe('store metadata in EventStoreDB (protocol stand-in)', () => {
  let standIn: EventStoreStandIn;
  let store: EventStore;

  beforeEach(async () => {
    standIn = await startEventStoreStandIn();
    store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  it('creates the metadata stream with the first value and keeps it', async () => {
    expect(await claimStoreMetadata(store, 'fingerprint', 'first')).toBe('first');
    expect(await claimStoreMetadata(store, 'fingerprint', 'second')).toBe('first');

    const events = await store.readStream(STORE_METADATA_STREAM);
    expect(events.map((event) => [event.revision, event.data])).toEqual([[0, { name: 'fingerprint', value: 'first' }]]);
  });

  it('records another name after the first one', async () => {
    await claimStoreMetadata(store, 'fingerprint', 'first');

    expect(await claimStoreMetadata(store, 'other', 'own')).toBe('own');
    expect(await claimStoreMetadata(store, 'other', 'late')).toBe('own');
    expect(await claimStoreMetadata(store, 'fingerprint', 'late')).toBe('first');
  });

  it('lets concurrent first claims agree on one value', async () => {
    const claims = await Promise.all(
      ['one', 'two', 'three', 'four'].map((value) => claimStoreMetadata(store, 'fingerprint', value)),
    );

    expect(new Set(claims).size).toBe(1);
    expect(await store.readStream(STORE_METADATA_STREAM)).toHaveLength(1);
  });
});
