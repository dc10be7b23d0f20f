import { parse, v5 } from 'uuid';

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

const UTF8 = new TextEncoder();

/** The namespace last used, as bytes: ids are derived in one namespace, so it is validated and parsed once. */
let lastNamespace: { text: string; bytes: Uint8Array } | undefined;

function namespaceBytes(namespace: string): Uint8Array {
  if (lastNamespace?.text !== namespace) {
    if (!isUuid(namespace)) {
      throw new TypeError(`uuidV5 needs a UUID namespace, got ${JSON.stringify(namespace)}`);
    }
    lastNamespace = { text: namespace, bytes: parse(namespace) };
  }
  return lastNamespace.bytes;
}

export function uuidV5(name: string, namespace: string): string {
  // Encoded here, not by the library: it throws on a lone surrogate, where UTF-8 encoding substitutes U+FFFD.
  return v5(UTF8.encode(name), namespaceBytes(namespace));
}
