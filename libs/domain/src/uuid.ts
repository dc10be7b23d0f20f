import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 4122 section 4.3, version 5). Ids derived from a payload let a redelivered webhook or a
 * retried command produce the same event id, so the store recognises it as a duplicate.
 */

/**
 * The namespace of every id this service derives. Fixed forever: changing it would give replayed and redelivered
 * facts new ids, so duplicates would no longer be recognised.
 */
export const RECIPIENT_STATE_NAMESPACE = '73c47d3c-9fa2-45db-8442-e788c9630022';

/** The RFC 4122 textual form: 32 hex digits in groups of 8-4-4-4-12, either case. */
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: unknown): text is string {
  return typeof text === 'string' && UUID_TEXT.test(text);
}

export function uuidV5(name: string, namespace: string): string {
  if (!isUuid(namespace)) {
    throw new TypeError(`uuidV5 needs a UUID namespace, got ${JSON.stringify(namespace)}`);
  }
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  // The version sits in the high nibble of byte 6 and the RFC 4122 variant (binary 10) in the top bits of byte 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
