import type { RecipientEvent } from './events';
import { isRecipientEventType, SCHEMA_VERSION } from './events';

/** An event as a store keeps it: type, id, JSON data and JSON metadata. */
export interface StoredEventShape {
  eventId: string;
  type: string;
  data: { [key: string]: unknown };
  metadata: { [key: string]: unknown };
}

/** Metadata every recipient event carries besides its data. */
export interface EventMetadata {
  schemaVersion: number;
  recordedAt: string;
  correlationId?: string;
}

/**
 * Upcasters turn the data of an older schema version into the current one. Keyed by event type, then by the version
 * they upgrade from; each step moves one version forward.
 */
export type Upcaster = (data: { [key: string]: unknown }) => { [key: string]: unknown };
export const UPCASTERS: Partial<Record<RecipientEvent['type'], Record<number, Upcaster>>> = {
  RecipientReevaluated: { 1: reevaluationWithoutRestoration },
};

/** Who adopted the policy behind a re-evaluation recorded before adoptions named anyone. */
export const UNRECORDED_ADOPTER = 'unrecorded';

/**
 * Version 1 re-evaluations carried a restoration and neither who adopted the policy nor the replayed run. A
 * re-evaluation opens no restoration now, so it is dropped; the run stays absent, so folding keeps the run that stood,
 * as it did when the event was recorded. Data already
 * in the new shape (written under version 1 metadata) passes through unchanged.
 */
function reevaluationWithoutRestoration(data: { [key: string]: unknown }): { [key: string]: unknown } {
  const { restoration: _dropped, ...rest } = data;
  return { ...rest, by: rest.by ?? UNRECORDED_ADOPTER };
}

export function toStoredEvent(event: RecipientEvent, correlationId?: string): StoredEventShape {
  const metadata: EventMetadata = { schemaVersion: SCHEMA_VERSION, recordedAt: event.recordedAt };
  if (correlationId !== undefined) {
    metadata.correlationId = correlationId;
  }
  return { eventId: event.eventId, type: event.type, data: event.data as never, metadata: { ...metadata } };
}

export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError';
}

/** Reads a stored event back into the domain's union, upcasting older schema versions. */
export function fromStoredEvent(stored: StoredEventShape, fallbackRecordedAt?: string): RecipientEvent {
  const { type } = stored;
  if (!isRecipientEventType(type)) {
    throw new UnknownEventError(`Unknown recipient event type ${type}`);
  }
  const version = typeof stored.metadata.schemaVersion === 'number' ? stored.metadata.schemaVersion : 1;
  if (version > SCHEMA_VERSION) {
    throw new UnknownEventError(`Event ${stored.eventId} has schema version ${version}, newer than this service`);
  }
  let data = stored.data;
  for (let from = version; from < SCHEMA_VERSION; from++) {
    const upcast = UPCASTERS[type]?.[from];
    if (upcast) {
      data = upcast(data);
    }
  }
  const recordedAt =
    typeof stored.metadata.recordedAt === 'string' ? stored.metadata.recordedAt : (fallbackRecordedAt ?? '');
  return { type, eventId: stored.eventId, recordedAt, data } as RecipientEvent;
}
