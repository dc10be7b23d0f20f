import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStoreDbEventStore, STORE_METADATA_STREAM } from '@app/event-store';
import { startEventStoreStandIn } from '../../../event-store/src/testing/esdb-stand-in';
import type { EventStoreStandIn } from '../../../event-store/src/testing/esdb-stand-in';
import { ADDRESS_HASH_KEY_FILE, addressHashKeyFingerprint, AddressHashKeyError } from '../config/address-hash-key';
import { loadEnvironment } from '../config/environment';
import { openStores } from './open-stores';

const KEY_A = 'a1'.repeat(32);
const KEY_B = 'b2'.repeat(32);

describe('a store refuses a key other than the one it was created with', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'key-fingerprint-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openAndClose(variables: Record<string, string>): Promise<void> {
    const stores = await openStores(loadEnvironment({ DATA_DIR: dataDir, ...variables }), undefined, {
      startProjector: false,
    });
    await stores.close();
  }

  describe('embedded SQLite', () => {
    it('opens again with the key it was created with', async () => {
      await openAndClose({ ADDRESS_HASH_KEY: KEY_A });

      await expect(openAndClose({ ADDRESS_HASH_KEY: KEY_A })).resolves.toBeUndefined();
    });

    it('refuses ADDRESS_HASH_KEY B on a store created with A, naming both fingerprints', async () => {
      await openAndClose({ ADDRESS_HASH_KEY: KEY_A });

      await expect(openAndClose({ ADDRESS_HASH_KEY: KEY_B })).rejects.toThrow(AddressHashKeyError);
      await expect(openAndClose({ ADDRESS_HASH_KEY: KEY_B })).rejects.toThrow(
        `created with an address-hash key whose fingerprint is ${addressHashKeyFingerprint(KEY_A)}, but the key ` +
          `from ADDRESS_HASH_KEY has fingerprint ${addressHashKeyFingerprint(KEY_B)}. Rotating the key in place is ` +
          'not supported',
      );
    });

    it('refuses a generated key file replaced by another key', async () => {
      await openAndClose({});
      writeFileSync(join(dataDir, ADDRESS_HASH_KEY_FILE), `${KEY_B}\n`);

      await expect(openAndClose({})).rejects.toThrow(
        `but the key from ${join(dataDir, ADDRESS_HASH_KEY_FILE)} has fingerprint ${addressHashKeyFingerprint(KEY_B)}`,
      );
    });
  });

  describe('EventStoreDB (protocol stand-in)', () => {
    let standIn: EventStoreStandIn;

    beforeEach(async () => {
      standIn = await startEventStoreStandIn();
    });
    afterEach(() => standIn.stop());

    const esdb = (key: string) => ({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: standIn.connectionString,
      ADDRESS_HASH_KEY: key,
    });

    it('records the fingerprint, never the key, in its metadata stream and opens again with the same key', async () => {
      await openAndClose(esdb(KEY_A));
      await expect(openAndClose(esdb(KEY_A))).resolves.toBeUndefined();

      const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      const recorded = await store.readStream(STORE_METADATA_STREAM);
      await store.close();
      expect(recorded.map((event) => event.data)).toEqual([
        { name: 'address-hash-key-fingerprint', value: addressHashKeyFingerprint(KEY_A) },
      ]);
      expect(JSON.stringify(recorded.map((event) => [event.data, event.metadata]))).not.toContain(KEY_A);
    });

    it('refuses key B on a store created with key A', async () => {
      await openAndClose(esdb(KEY_A));

      await expect(openAndClose(esdb(KEY_B))).rejects.toThrow(
        `fingerprint is ${addressHashKeyFingerprint(KEY_A)}, but the key from ADDRESS_HASH_KEY has fingerprint ` +
          `${addressHashKeyFingerprint(KEY_B)}`,
      );
    });
  });
});
