import type { RecordCorrection } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import { UNNAMED_LIFTER } from '../suppressions/lift-suppression.request';
import type { RecordCorrectionRequest } from './record-correction.request';

/** The domain command a correction request asks for; a bad address (or previous address) is the caller's 400. */
export function recordCorrectionCommand(request: RecordCorrectionRequest): RecordCorrection {
  const { by, note, occurredAt, eventId, previousAddress, liftComplaint } = request;
  return {
    type: 'RecordCorrection',
    address: normalisedAddress(request.address),
    by: by ?? UNNAMED_LIFTER,
    note,
    occurredAt,
    eventId,
    liftComplaint,
    previousAddress: previousAddress === undefined ? undefined : normalisedAddress(previousAddress, 'previousAddress'),
  };
}
