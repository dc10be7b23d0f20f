import type { RecordUnsubscribe } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import type { RecordUnsubscribeRequest } from './record-unsubscribe.request';

/** The domain command an unsubscribe request asks for; a bad address is the caller's 400. */
export function recordUnsubscribeCommand(request: RecordUnsubscribeRequest): RecordUnsubscribe {
  const { occurredAt, eventId, messageId, source, method, list, evidence } = request;
  return {
    type: 'RecordUnsubscribe',
    address: normalisedAddress(request.address),
    occurredAt,
    eventId,
    messageId,
    source,
    method,
    list,
    evidence,
  };
}
