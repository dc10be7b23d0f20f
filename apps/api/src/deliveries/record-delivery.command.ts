import type { RecordDelivery } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import type { RecordDeliveryRequest } from './record-delivery.request';

/** The domain command a delivery request asks for; a bad address is the caller's 400. */
export function recordDeliveryCommand(request: RecordDeliveryRequest): RecordDelivery {
  const { occurredAt, eventId, messageId, source } = request;
  return {
    type: 'RecordDelivery',
    address: normalisedAddress(request.address),
    occurredAt,
    eventId,
    messageId,
    source,
  };
}
