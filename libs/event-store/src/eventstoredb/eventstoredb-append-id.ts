import type { JsonObject } from '../event-store';

/**
 * EventStoreDB answers an append of events whose ids are already at the expected revision as a success without
 * writing, the same answer a write gets. When two processes record the same fact at once, both propose the same
 * events at the same revision and both would be told they wrote them. So every append marks its events with an id of
 * its own, kept in the metadata under APPEND_ID_KEY and never returned to the port's readers: where the events' ids
 * were claimed before this append, the events are read back, and events that carry another append's id were recorded
 * by that append, not this one.
 */
export const APPEND_ID_KEY = '$appendId';

export function metadataWithAppendId(appendId: string, metadata: JsonObject | undefined): JsonObject {
  if (metadata !== undefined && APPEND_ID_KEY in metadata) {
    throw new TypeError(`metadata.${APPEND_ID_KEY} is reserved for the append that wrote the event`);
  }
  return { ...metadata, [APPEND_ID_KEY]: appendId };
}

/** The id of the append that wrote a stored event (none for events written before appends were marked), and the rest. */
export function splitAppendId(stored: JsonObject): { appendId: string | undefined; metadata: JsonObject } {
  const { [APPEND_ID_KEY]: appendId, ...metadata } = stored;
  return { appendId: typeof appendId === 'string' ? appendId : undefined, metadata };
}
