import type { RecipientEvent } from '@app/domain';
import { fromStoredEvent, isRecipientEventType } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { readStreamOrNothing } from '../command-handling/handle-command';

export interface RevisionedEvent {
  event: RecipientEvent;
  revision: number;
}

/** A recipient stream's events of known types with their revisions; empty when the stream does not exist. */
export async function readRecipientStream(store: EventStore, streamId: string): Promise<RevisionedEvent[]> {
  const recorded = await readStreamOrNothing(store, streamId);
  return recorded
    .filter((event) => isRecipientEventType(event.type))
    .map((event) => ({ event: fromStoredEvent(event, event.recordedAt), revision: event.revision }));
}
