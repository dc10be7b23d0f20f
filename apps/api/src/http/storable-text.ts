/** A UTF-16 surrogate without its partner: it has no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored faithfully, or undefined when it can. PostgreSQL refuses U+0000 in text and jsonb
 * (22021, 22P05), so an event holding one could never be projected; a lone surrogate has no UTF-8 encoding, so both
 * stores would keep a replacement character instead of what was sent.
 */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'contains U+0000 (NUL), which cannot be stored';
  }
  if (LONE_SURROGATE.test(text)) {
    return 'contains a lone surrogate (U+D800–U+DFFF outside a pair), which cannot be stored';
  }
  return undefined;
}
