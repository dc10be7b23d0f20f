import type { RecordedEvent } from '@app/event-store';
import type { DeadLetter, ProjectedEvent } from '@app/read-model';
import { ReadModelUnavailableError } from '@app/read-model';

/**
 * Whether a failed write is the store being out of reach (worth retrying for as long as it lasts) rather than the
 * store refusing what it was given (PostgreSQL 22P05, 22021: retrying gives the same answer). By name as well as
 * class, since an error may come from another module instance of the adapter.
 */
export function isStoreOutage(error: unknown): boolean {
  return (
    error instanceof ReadModelUnavailableError || (error instanceof Error && error.name === 'ReadModelUnavailableError')
  );
}

/** The dead letter of an event that could not be decoded (a recorded event) or applied (a projected one). */
export function deadLetterOf(source: RecordedEvent | ProjectedEvent, error: unknown): DeadLetter {
  return {
    position: source.position,
    streamId: source.streamId,
    type: 'type' in source ? source.type : source.event.type,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}
