import { claimSqliteStoreMetadata, claimStoreMetadata, STORE_METADATA_STREAM } from './store-metadata';
import { useTemporarySqliteStores } from './testing/temporary-sqlite-stores';
import { useStandInEventStore } from './testing/stand-in-event-store';

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
  const fixture = useStandInEventStore();

  it('creates the metadata stream with the first value and keeps it', async () => {
    expect(await claimStoreMetadata(fixture.store, 'fingerprint', 'first')).toBe('first');
    expect(await claimStoreMetadata(fixture.store, 'fingerprint', 'second')).toBe('first');

    const events = await fixture.store.readStream(STORE_METADATA_STREAM);
    expect(events.map((event) => [event.revision, event.data])).toEqual([[0, { name: 'fingerprint', value: 'first' }]]);
  });

  it('records another name after the first one', async () => {
    await claimStoreMetadata(fixture.store, 'fingerprint', 'first');

    expect(await claimStoreMetadata(fixture.store, 'other', 'own')).toBe('own');
    expect(await claimStoreMetadata(fixture.store, 'other', 'late')).toBe('own');
    expect(await claimStoreMetadata(fixture.store, 'fingerprint', 'late')).toBe('first');
  });

  it('lets concurrent first claims agree on one value', async () => {
    const claims = await Promise.all(
      ['one', 'two', 'three', 'four'].map((value) => claimStoreMetadata(fixture.store, 'fingerprint', value)),
    );

    expect(new Set(claims).size).toBe(1);
    expect(await fixture.store.readStream(STORE_METADATA_STREAM)).toHaveLength(1);
  });
});
