import { ANY, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import type {
  AppendExpectedRevision,
  EventData,
  Position,
  RecordedEvent as EsdbRecordedEvent,
} from '@eventstore/db-client';
import type {
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
  SkippedEvent,
  SubscriptionFilter,
} from '../event-store';
import { metadataWithTrace, splitTrace } from '../event-trace';
import { metadataWithAppendId, splitAppendId } from './eventstoredb-append-id';
import { metadataWithEventId, portEventId, serverEventId } from './eventstoredb-event-ids';

/** Translation between the port's shapes and the client's: revisions, positions, events. */

export function toEventData(event: EventToAppend, appendId: string): EventData {
  // Our id, not the client's random default: the server dedupes re-appends by (stream, event id).
  return jsonEvent({
    id: serverEventId(event.eventId),
    type: event.type,
    data: event.data,
    metadata: metadataWithAppendId(appendId, metadataWithEventId(event.eventId, metadataWithTrace(event))),
  });
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
 * The port's position of an event is its commit position. Events appended through the gRPC API are written as
 * committed prepares, so their prepare position equals their commit position and `{ commit: p, prepare: p }` names
 * exactly the event at `p`.
 */
export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** Log positions order by commit, then prepare: the order the server reads `$all` in. */
export function comparePositions(left: Position, right: Position): number {
  if (left.commit !== right.commit) {
    return left.commit < right.commit ? -1 : 1;
  }
  return left.prepare === right.prepare ? 0 : left.prepare < right.prepare ? -1 : 1;
}

export function laterPosition(left: Position, right: Position): Position {
  return comparePositions(left, right) >= 0 ? left : right;
}

/**
 * The greatest port position a caller may resume after without missing anything past `position`. A server checkpoint
 * can lie between records (`prepare` below `commit`, typically `prepare` 0): the event written at its commit position
 * itself, `(commit, commit)`, is still to come, so the port is told the position just before it.
 */
export function resumablePortPosition(position: Position): bigint {
  return position.prepare >= position.commit ? position.commit : position.commit - 1n;
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
    !isErasureBookkeeping(event) &&
    (prefixes.length === 0 || prefixes.some((prefix) => event.streamId.startsWith(prefix))) &&
    (types.length === 0 || types.includes(event.type))
  );
}

/** An anchored alternation, so the server matches whole type names rather than prefixes. */
export function exactTypesRegex(types: string[]): string {
  return `^(?:${types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

/** The streams in which the adapter claims event ids (see `eventstoredb-event-id-claims.ts`), and their event type. */
export const CLAIM_STREAM_PREFIX = 'event-id-';
export const CLAIM_TYPE = 'EventIdClaimed';

export function isEventIdClaim(event: { streamId: string; type: string }): boolean {
  return event.type === CLAIM_TYPE && event.streamId.startsWith(CLAIM_STREAM_PREFIX);
}

/**
 * Erasure's bookkeeping (see `eventstoredb-stream-erasure.ts`): the registry stream of erased streams, and the event
 * that closes a stream before its soft delete, so the one event a scavenge keeps of a stream holds nothing personal.
 */
export const ERASED_STREAMS_STREAM = 'erased-streams';
export const STREAM_ERASED_TYPE = 'StreamErased';
export const ERASURE_CLOSE_TYPE = 'StreamClosedForErasure';

export function isErasureBookkeeping(event: { streamId: string; type: string }): boolean {
  return (
    (event.streamId === ERASED_STREAMS_STREAM && event.type === STREAM_ERASED_TYPE) || event.type === ERASURE_CLOSE_TYPE
  );
}

/** Why `readAll` passes over an event instead of yielding it, or undefined for an event the port can represent. */
export function reasonToSkip(event: EsdbRecordedEvent): SkippedEvent['reason'] | undefined {
  if (isSystemEvent(event)) {
    return 'system';
  }
  if (isEventIdClaim(event) || isErasureBookkeeping(event)) {
    return 'store_bookkeeping';
  }
  if (!event.isJson || !isJsonObject(event.data) || !isJsonObject(event.metadata ?? {})) {
    return 'not_json';
  }
  return undefined;
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
  const { eventId, metadata: stored } = portEventId(event.id, splitAppendId(metadata).metadata);
  return {
    eventId,
    type: event.type,
    data: event.data,
    ...splitTrace(stored),
    streamId: event.streamId,
    revision: toRevisionNumber(event.revision),
    position: event.position.commit,
    recordedAt: event.created.toISOString(),
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
