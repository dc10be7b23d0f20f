import { createHmac } from 'node:crypto';

export const RECIPIENT_STREAM_PREFIX = 'recipient-';

/**
 * Stream names outlive deletion in EventStoreDB (tombstones, `$all` until a scavenge), so they carry a keyed hash of
 * the normalised address, never the address itself.
 */
export function recipientStreamId(normalisedAddress: string, addressHashKey: string | Buffer): string {
  return RECIPIENT_STREAM_PREFIX + createHmac('sha256', addressHashKey).update(normalisedAddress).digest('hex');
}
