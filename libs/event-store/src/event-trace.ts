import type { EventToAppend, EventTrace, JsonObject } from './event-store';

/**
 * Where every adapter keeps an event's trace inside its metadata document. EventStoreDB's projections read
 * `$correlationId` and `$causationId` under exactly these names.
 */
const TRACE_KEYS = { correlationId: '$correlationId', causationId: '$causationId', source: '$source' } as const;
const TRACE_FIELDS = Object.keys(TRACE_KEYS) as (keyof EventTrace)[];

/** The metadata document to store: the caller's metadata plus the trace. Undefined when there is neither. */
export function metadataWithTrace(event: EventToAppend): JsonObject | undefined {
  const trace: JsonObject = {};
  for (const field of TRACE_FIELDS) {
    const value = event[field];
    const key = TRACE_KEYS[field];
    if (event.metadata !== undefined && key in event.metadata) {
      throw new TypeError(`metadata.${key} of event ${event.eventId} is reserved: pass ${field} instead`);
    }
    if (value !== undefined) {
      if (typeof value !== 'string' || value.length === 0) {
        throw new TypeError(`${field} of event ${event.eventId} must be a non-empty string`);
      }
      trace[key] = value;
    }
  }
  return Object.keys(trace).length === 0 ? event.metadata : { ...event.metadata, ...trace };
}

/** Splits a stored metadata document back into the caller's metadata and the trace fields. */
export function splitTrace(stored: JsonObject): { metadata: JsonObject } & EventTrace {
  const metadata: JsonObject = { ...stored };
  const trace: EventTrace = {};
  for (const field of TRACE_FIELDS) {
    const key = TRACE_KEYS[field];
    const value = metadata[key];
    if (typeof value === 'string') {
      trace[field] = value;
      delete metadata[key];
    }
  }
  return { metadata, ...trace };
}

/** The trace fields an event to append carries, for an adapter that echoes the recorded event without reading it. */
export function traceOf(event: EventTrace): EventTrace {
  const trace: EventTrace = {};
  for (const field of TRACE_FIELDS) {
    if (event[field] !== undefined) {
      trace[field] = event[field];
    }
  }
  return trace;
}
