import { fromStoredEvent, isRecipientEventType } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import type { ProjectedEvent } from '@app/read-model';

/** Only recipient events feed the read model: the log also holds other streams, such as policy adoptions. */
export function isProjected(recorded: RecordedEvent): boolean {
  return recorded.streamId.startsWith(RECIPIENT_STREAM_PREFIX) && isRecipientEventType(recorded.type);
}

/** The wiring between the two libs: a recorded event as the projection reads it. */
export function toProjectedEvent(recorded: RecordedEvent): ProjectedEvent {
  return {
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
    event: fromStoredEvent(recorded, recorded.recordedAt),
  };
}
