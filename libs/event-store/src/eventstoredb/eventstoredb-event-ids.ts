import { v5 as uuidV5 } from 'uuid';
import type { JsonObject } from '../event-store';

/**
 * EventStoreDB takes only UUIDs as event ids (the server parses each one and fails the append otherwise), while the
 * port's event id is any text a caller gives: a webhook's `eventId`, a ticket number. An id in the form the server
 * reads back (a lower-case UUID) is stored as it is. Any other is stored under a UUID v5 derived from it, with the
 * port's id kept in the metadata under EVENT_ID_KEY: one port id is always one server id, so the server's idempotent
 * re-append still holds, and the id is read back exactly as it was given.
 */
export const EVENT_ID_KEY = '$eventId';
const EVENT_ID_NAMESPACE = 'ecf08770-43aa-49ab-940f-10c206b13513';
const SERVER_FORM = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The UUID the server stores the event under. */
export function serverEventId(eventId: string): string {
  return SERVER_FORM.test(eventId) ? eventId : uuidV5(eventId, EVENT_ID_NAMESPACE);
}

/** The metadata to store: the caller's, plus the port's id when the server's differs from it. */
export function metadataWithEventId(eventId: string, metadata: JsonObject | undefined): JsonObject | undefined {
  if (metadata !== undefined && EVENT_ID_KEY in metadata) {
    throw new TypeError(`metadata.${EVENT_ID_KEY} of event ${eventId} is reserved for the event id`);
  }
  return serverEventId(eventId) === eventId ? metadata : { ...metadata, [EVENT_ID_KEY]: eventId };
}

/** The port's id of a stored event, and its metadata without the key that carried it. */
export function portEventId(serverId: string, stored: JsonObject): { eventId: string; metadata: JsonObject } {
  const { [EVENT_ID_KEY]: kept, ...metadata } = stored;
  return typeof kept === 'string' ? { eventId: kept, metadata } : { eventId: serverId, metadata: stored };
}
