import { ANY, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  EventData,
  Position,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type { EventToAppend, ExpectedRevision, JsonObject, RecordedEvent, SubscriptionFilter } from '../event-store';

/** Translation between the port's shapes and the client's: revisions, positions, events. */

export function toEventData(event: EventToAppend): EventData {
  // Our id, not the client's random default: the server dedupes re-appends by (stream, event id).
  return jsonEvent({ id: event.eventId, type: event.type, data: event.data, metadata: event.metadata });
}

/** Domain code appends with NO_STREAM or an exact revision, the only expectations the server dedupes reliably. */
export function toExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

export function toRevisionNumber(revision: bigint): number {
  const value = Number(revision);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`Stream revision ${revision} exceeds the port's number range`);
  }
  return value;
}

/**
 * The port's positions are commit positions. Events appended through the gRPC API are written as one record each, so
 * their prepare position equals their commit position, and a checkpoint the server reports carries both alike.
 */
export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** `$`-prefixed streams and types are the server's own (metadata, projections, statistics, link events). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function matchesFilter(
  event: { streamId: string; type: string },
  filter: SubscriptionFilter | undefined,
): boolean {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  return (
    !isSystemEvent(event) &&
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamId.startsWith(prefix))) &&
    (types.length === 0 || types.includes(event.type))
  );
}

/** An anchored alternation, so the server matches whole type names rather than prefixes. */
export function exactTypesRegex(types: string[]): string {
  return `^(?:${types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

export function toRecordedEvent(event: EsdbRecordedEvent): RecordedEvent {
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new TypeError(`Event ${event.id} in ${event.streamId} is not a JSON object; this store writes only those`);
  }
  const metadata = event.metadata ?? {};
  if (!isJsonObject(metadata)) {
    throw new TypeError(`Event ${event.id} in ${event.streamId} carries metadata that is not a JSON object`);
  }
  if (event.position === undefined) {
    throw new TypeError(`Event ${event.id} in ${event.streamId} arrived without a log position`);
  }
  return {
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata,
    streamId: event.streamId,
    revision: toRevisionNumber(event.revision),
    position: event.position.commit,
    recordedAt: event.created.toISOString(),
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
