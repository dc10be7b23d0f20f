import type { SuppressManually } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import { UNNAMED_LIFTER } from './lift-suppression.request';
import type { SuppressManuallyRequest } from './suppress-manually.request';

/** The domain command a manual suppression request asks for; a bad address is the caller's 400. */
export function suppressManuallyCommand(request: SuppressManuallyRequest): SuppressManually {
  const { by, note, eventId } = request;
  return {
    type: 'SuppressManually',
    address: normalisedAddress(request.address),
    by: by ?? UNNAMED_LIFTER,
    note,
    eventId,
    cause: 'manual',
  };
}
