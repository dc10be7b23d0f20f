import { RECIPIENT_STREAM_PREFIX, STORE_METADATA_STREAM } from '@app/event-store';
// eslint-disable-next-line no-restricted-imports -- the test server's log type, outside @app/event-store's public entry
import type { StandInLog } from '../../../libs/event-store/src/testing/esdb-stand-in';
import type { LoggedEvent } from './log-snapshot';

const FACT_TYPES = new Set(['BounceReceived', 'DeliverySucceeded']);
export const DECISION_TYPES = new Set([
  'RecipientQuarantined',
  'RecipientSuppressed',
  'RecipientRestored',
  'QuarantineLifted',
  'RecipientReevaluated',
]);

/**
 * The recipient events in the stand-in's log, in log order, as the embedded log reads them (data parsed); the store's
 * metadata stream shares the recipients' prefix and is left out.
 */
export function recipientEventsIn(log: StandInLog): LoggedEvent[] {
  return log.all
    .filter((event) => event.streamId.startsWith(RECIPIENT_STREAM_PREFIX) && event.streamId !== STORE_METADATA_STREAM)
    .map((event) => ({
      position: Number(event.position),
      streamId: event.streamId,
      revision: Number(event.revision),
      eventId: event.eventId,
      type: event.type,
      data: JSON.parse(Buffer.from(event.data).toString('utf8')) as Record<string, unknown>,
    }));
}

export function isFact(event: LoggedEvent): boolean {
  return FACT_TYPES.has(event.type);
}

/** A decision as the comparison with the reference reads it: its type and, for a suppression, its cause. */
export function decisionLabel(event: { type: string; data: Record<string, unknown> }): string {
  return typeof event.data.cause === 'string' ? `${event.type}(${event.data.cause})` : event.type;
}
