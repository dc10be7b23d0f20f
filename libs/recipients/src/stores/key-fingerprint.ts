import type { EventStore, SqliteEventStore } from '@app/event-store';
import { claimSqliteStoreMetadata, claimStoreMetadata } from '@app/event-store';
import type { Environment } from '../config/environment';
import { addressHashKeyFingerprint, AddressHashKeyError, loadAddressHashKey } from '../config/address-hash-key';

const FINGERPRINT_NAME = 'address-hash-key-fingerprint';

/**
 * Every recipient's stream name is a keyed hash of the address, so a store read with another key shows each address
 * as a stranger: suppressions vanish and the read model gains second rows. The store records the fingerprint of the
 * key it was created with, and a process holding a different key refuses to start.
 */
export async function assertStoreKeyFingerprint(
  env: Environment,
  eventStore: EventStore | SqliteEventStore,
): Promise<void> {
  const { key, source } = loadAddressHashKey(env.ADDRESS_HASH_KEY, env.DATA_DIR);
  const expected = addressHashKeyFingerprint(key);
  const recorded =
    'database' in eventStore
      ? claimSqliteStoreMetadata(eventStore.database, FINGERPRINT_NAME, expected)
      : await claimStoreMetadata(eventStore, FINGERPRINT_NAME, expected);
  if (recorded !== expected) {
    throw new AddressHashKeyError(
      `The event store was created with an address-hash key whose fingerprint is ${recorded}, but the key from ` +
        `${source} has fingerprint ${expected}. Rotating the key in place is not supported: every stream name ` +
        `depends on it. Start with the original key.`,
    );
  }
}
