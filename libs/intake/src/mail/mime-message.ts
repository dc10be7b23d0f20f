import type PostalMime from 'postal-mime';

/** One level of a MIME message: its headers, its human-readable text and its non-text parts, undecoded further. */
export interface MimeMessage {
  /** Header values by lower-case name, in document order, unfolded. */
  headers: ReadonlyMap<string, readonly string[]>;
  subject: string;
  text: string;
  parts: readonly MimePart[];
}

export interface MimePart {
  mimeType: string;
  /** The part's content after its transfer encoding is undone, read as UTF-8. */
  content: string;
}

const UTF8 = new TextDecoder('utf-8');
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses one level of a message. Attached messages (`message/rfc822`) stay parts, so the caller walks the tree and
 * knows which level a report came from; postal-mime would otherwise merge their parts into the outer message.
 */
export async function parseMimeMessage(raw: string | Uint8Array): Promise<MimeMessage> {
  const email = await postalMime().parse(withLineFeeds(raw), {
    forceRfc822Attachments: true,
    attachmentEncoding: 'arraybuffer',
  });
  const headers = new Map<string, string[]>();
  for (const { key, value } of email.headers) {
    headers.set(key, [...(headers.get(key) ?? []), value]);
  }
  return {
    headers,
    subject: email.subject ?? '',
    text: email.text ?? htmlToText(email.html ?? ''),
    parts: email.attachments.map((part) => ({ mimeType: part.mimeType, content: decodeContent(part.content) })),
  };
}

/** postal-mime, loaded on the first message read: a start that reads no mail does not pay for it. */
function postalMime(): typeof PostalMime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load the parser at start
  return (require('postal-mime') as { default: typeof PostalMime }).default;
}

export function firstHeader(message: Pick<MimeMessage, 'headers'>, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

// postal-mime splits lines on LF only, so a CR-only (old Mac) message would read as one long line.
function withLineFeeds(raw: string | Uint8Array): string | Uint8Array {
  if (typeof raw === 'string') {
    return raw.replace(/\r\n?/g, '\n');
  }
  const out = new Uint8Array(raw.length);
  let length = 0;
  for (let index = 0; index < raw.length; index++) {
    const byte = raw[index]!;
    if (byte !== CR) {
      out[length++] = byte;
    } else if (raw[index + 1] !== LF) {
      out[length++] = LF;
    }
  }
  return out.subarray(0, length);
}

function decodeContent(content: ArrayBuffer | Uint8Array | string): string {
  return typeof content === 'string' ? content : UTF8.decode(content);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Exchange sends some notices as HTML only; the text readers need the words and the line breaks. */
function htmlToText(html: string): string {
  // Tags never span a "<", which keeps the scan linear even over text full of unclosed brackets.
  return withoutScriptsAndStyles(html)
    .replace(/<br\s*\/?>|<\/(?:p|div|tr|li|h\d|table)\s*>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]{2,6});/gi, (entity: string, name: string) => {
      if (name.startsWith('#')) {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return HTML_ENTITIES[name.toLowerCase()] ?? entity;
    });
}

/** Drops script and style elements in one pass; an unclosed one runs to the end, as a browser reads it. */
function withoutScriptsAndStyles(html: string): string {
  const lower = html.toLowerCase();
  const opening = /<(script|style)\b/gi;
  let text = '';
  let from = 0;
  for (let found = opening.exec(html); found !== null; found = opening.exec(html)) {
    text += html.slice(from, found.index);
    const close = lower.indexOf(`</${found[1]!.toLowerCase()}`, found.index);
    const end = close < 0 ? -1 : lower.indexOf('>', close);
    if (end < 0) {
      return text;
    }
    from = end + 1;
    opening.lastIndex = from;
  }
  return text + html.slice(from);
}
