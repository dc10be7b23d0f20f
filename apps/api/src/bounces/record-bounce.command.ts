import type { RecordBounce } from '@app/domain';
import { normalisedAddress } from '../recipients/normalised-address';
import type { RecordBounceRequest } from './record-bounce.request';

/** The domain command a bounce request asks for; a bad address is the caller's 400. */
export function recordBounceCommand(request: RecordBounceRequest): RecordBounce {
  const { occurredAt, eventId, messageId, source, smtp, providerVerdict, dsnStatus } = request;
  return {
    type: 'RecordBounce',
    address: normalisedAddress(request.address),
    occurredAt,
    eventId,
    messageId,
    source,
    smtp: smtp === undefined ? undefined : { ...smtp },
    providerVerdict: providerVerdict === undefined ? undefined : { ...providerVerdict },
    dsnStatus,
  };
}
