import type { RecordComplaint } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import type { RecordComplaintRequest } from './record-complaint.request';

/** The domain command a complaint request asks for; a bad address is the caller's 400. */
export function recordComplaintCommand(request: RecordComplaintRequest): RecordComplaint {
  const { occurredAt, eventId, messageId, source, feedbackType, evidence } = request;
  return {
    type: 'RecordComplaint',
    address: normalisedAddress(request.address),
    occurredAt,
    eventId,
    messageId,
    source,
    feedbackType,
    evidence,
  };
}
