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

/** The last namespace asked for, as bytes: every id this service derives shares one. */
let lastNamespace: { text: string; bytes: Buffer } | undefined;

function namespaceBytes(namespace: string): Buffer {
  if (lastNamespace?.text !== namespace) {
    if (!isUuid(namespace)) {
      throw new TypeError(`uuidV5 needs a UUID namespace, got ${JSON.stringify(namespace)}`);
    }
    lastNamespace = { text: namespace, bytes: Buffer.from(namespace.replaceAll('-', ''), 'hex') };
  }
  return lastNamespace.bytes;
}

/**
 * SHA-1 of the namespace and the name's UTF-8, its version and variant bits set. Hashed here rather than by a UUID
 * library, which parses the namespace and copies both into a new array for every id: a batch derives one per item.
 */
export function uuidV5(name: string, namespace: string): string {
  // A lone surrogate is encoded as U+FFFD, as UTF-8 encoding substitutes it, rather than refused.
  const hash = createHash('sha1').update(namespaceBytes(namespace)).update(name, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
