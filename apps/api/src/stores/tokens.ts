/** Injection tokens named after the ports they bind. */
export const EVENT_STORE = Symbol('EventStore');
export const READ_MODEL = Symbol('ReadModelStore');
export const ADDRESS_HASH_KEY = Symbol('AddressHashKey');
export const ENVIRONMENT = Symbol('Environment');
