import type { SuppressManually } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import type { SuppressManuallyRequest } from './suppress-manually.request';

/** The domain command a manual suppression request asks for; a bad address is the caller's 400. */
export function suppressManuallyCommand(request: SuppressManuallyRequest): SuppressManually {
  const { by, note, eventId } = request;
  return { type: 'SuppressManually', address: normalisedAddress(request.address), by, note, eventId, cause: 'manual' };
}
