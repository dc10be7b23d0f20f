/**
 * Addresses as bounce notices write them: with an address type (`rfc822;`, `utf-8;`), angle brackets, comments and
 * any case. The domain is lower-cased here (RFC 5321 treats it case-insensitively); the local part is kept, since the
 * service normalises addresses once at its edge.
 */

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/;
/**
 * RFC 5321 §4.5.3.1 bounds a path at 256 octets; with an address type and a comment a field value stays far below
 * this. Longer values are not addresses, and the bound keeps every pattern here cheap.
 */
const MAX_VALUE_LENGTH = 1000;
// Running text is cut into words at whitespace and at the characters that delimit addresses in mail, then each
// word is tested on its own: one linear pass, where an unanchored address pattern backtracks over long words.
const WORD_DELIMITERS = /[\s<>()",;:[\]]+/;

export function readAddress(value: string | undefined): string | undefined {
  if (value === undefined || value.length > MAX_VALUE_LENGTH) {
    return undefined;
  }
  let text = value.replace(/\([^()]*\)/g, ' ').trim();
  const typed = /^([\w.-]+)[ \t]*;[ \t]*(.*)$/.exec(text);
  if (typed !== null) {
    text = typed[1]!.toLowerCase() === 'utf-8' ? decodeUtf8Escapes(typed[2]!) : typed[2]!;
  }
  text = text
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  if (!ADDRESS.test(text)) {
    return undefined;
  }
  const at = text.lastIndexOf('@');
  return `${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`;
}

/** The first address written anywhere in a piece of text (`Jane <jane@example.com>`, `jane@example.com (Jane)`). */
export function firstAddressIn(text: string | undefined): string | undefined {
  return addressesIn(text)[0];
}

/** Every address written in a piece of text such as `To: a@example.com, "B" <b@example.net>`, in order. */
export function addressesIn(text: string | undefined): string[] {
  if (text === undefined) {
    return [];
  }
  return text
    .split(WORD_DELIMITERS)
    .filter((word) => word.includes('@'))
    .map((word) => readAddress(word.replace(/^['`]+|['`.]+$/g, '')))
    .filter((address): address is string => address !== undefined);
}

// RFC 6533 utf-8-type addresses may carry non-ASCII characters escaped as \x{HEX}.
function decodeUtf8Escapes(text: string): string {
  return text.replace(/\\x\{([\da-fA-F]{1,6})\}/g, (escape: string, hex: string) => {
    const code = parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
  });
}
