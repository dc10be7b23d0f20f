/**
 * Only the start of a reply names the cause; the rest is links, tracking ids and quoted headers. Bounding the text
 * keeps classification cheap and linear however long a stored diagnostic is.
 */
export const MAX_REPLY_TEXT_LENGTH = 2000;

/** A remote server's reply, flattened to one line, with the codes it opened with. */
export interface ReplyText {
  text: string;
  /** The first basic reply code (e.g. 550), if the text carries one. */
  replyCode: number | undefined;
  /** The first RFC 3463 enhanced status code (e.g. "5.1.1"), if the text carries one. */
  enhancedStatus: string | undefined;
}

// The diagnostic-type of an RFC 3464 Diagnostic-Code: "smtp;" for a remote reply, "X-Postfix;", "X-Unix;" and the like
// for a failure the reporting MTA diagnosed itself.
const DIAGNOSTIC_TYPE = /^\s*(?:smtp|x-[\w.-]{1,30})\s*;\s*/i;
const WHITESPACE = /\s+/g;
// Most replies are already single-spaced: then folding would only copy the text.
const NEEDS_FOLDING = /[^\S ]| {2}/;
// A reply code opening a line of a multi-line reply ("550-5.1.1 ", "550-", and "550 5.1.1 " or "550 " on the last
// line). Postfix and Exim flatten such replies, so the prefixes end up mid-sentence. No nested quantifiers: the scan
// stays linear.
const LINE_PREFIX = /(?<![\w.])([45]\d\d)[-\s](?:([245]\.\d{1,3}\.\d{1,3})(?!\.?\d))?\s?/g;
const REPLY_CODE = /(?<![\w.[\]-])([45]\d\d)(?![\w.[\]-])/;
// Subjects stop at 7 in RFC 3463, which keeps Yahoo's "4.16.55.1" and IP addresses from passing for status codes.
const ENHANCED_STATUS = /(?<![\w.])([245]\.[0-7]\.\d{1,3})(?!\.?\d)/;

/** Flattens a multi-line reply, drops the code prefixes that repeat the first one, and folds whitespace. */
export function normaliseReplyText(text: string): string {
  return readReplyText(text).text;
}

export function readReplyText(raw: string): ReplyText {
  const typeless = raw.slice(0, MAX_REPLY_TEXT_LENGTH).replace(DIAGNOSTIC_TYPE, '');
  const flat = NEEDS_FOLDING.test(typeless) ? typeless.replace(WHITESPACE, ' ') : typeless;
  const prefixes = dropRepeatedPrefixes(flat);
  const text = prefixes.text.trim();
  const replyCode = prefixes.firstReply ?? REPLY_CODE.exec(text)?.[1];
  return {
    text,
    replyCode: replyCode === undefined ? undefined : Number(replyCode),
    enhancedStatus: prefixes.firstStatus ?? ENHANCED_STATUS.exec(text)?.[1],
  };
}

interface Prefixes {
  readonly text: string;
  readonly firstReply: string | undefined;
  readonly firstStatus: string | undefined;
}

/**
 * The first prefix is written as "code status " and the later ones that repeat it are dropped. Most replies hold one
 * prefix already written that way: then the text is returned as it is, with no copy and no callback per prefix.
 */
function dropRepeatedPrefixes(flat: string): Prefixes {
  let firstReply: string | undefined;
  let firstStatus: string | undefined;
  let text = '';
  let copied = 0;
  LINE_PREFIX.lastIndex = 0;
  for (let found = LINE_PREFIX.exec(flat); found !== null; found = LINE_PREFIX.exec(flat)) {
    const [prefix, reply, status] = found as unknown as [string, string, string | undefined];
    let replacement: string;
    if (firstReply === undefined) {
      firstReply = reply;
      firstStatus = status;
      replacement = status === undefined ? `${reply} ` : `${reply} ${status} `;
    } else {
      const repeatsFirst = reply === firstReply && (status === undefined || status === firstStatus);
      replacement = repeatsFirst ? '' : prefix;
    }
    if (replacement !== prefix) {
      text += flat.slice(copied, found.index) + replacement;
      copied = found.index + prefix.length;
    }
  }
  return { text: copied === 0 ? flat : text + flat.slice(copied), firstReply, firstStatus };
}
