/**
 * Addresses as bounce notices write them: with an address type (`rfc822;`, `utf-8;`), angle brackets, comments and
 * any case. The domain is lower-cased here (RFC 5321 treats it case-insensitively); the local part is kept, since the
 * service normalises addresses once at its edge.
 */

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:.]+$/;
/** An address inside running text. The domain must end in a letter or digit, so a sentence's full stop is left out. */
export const ADDRESS_IN_TEXT =
  /[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/;

export function readAddress(value: string | undefined): string | undefined {
  if (value === undefined) {
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
  const found = text === undefined ? null : ADDRESS_IN_TEXT.exec(text);
  return found === null ? undefined : readAddress(found[0]);
}

/** Every address written in a list header such as `To: a@example.com, "B" <b@example.net>`, in order. */
export function addressesIn(text: string | undefined): string[] {
  if (text === undefined) {
    return [];
  }
  const global = new RegExp(ADDRESS_IN_TEXT.source, 'g');
  return [...text.matchAll(global)]
    .map((found) => readAddress(found[0]))
    .filter((address): address is string => address !== undefined);
}

// RFC 6533 utf-8-type addresses may carry non-ASCII characters escaped as \x{HEX}.
function decodeUtf8Escapes(text: string): string {
  return text.replace(/\\x\{([\da-fA-F]{1,6})\}/g, (escape: string, hex: string) => {
    const code = parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
  });
}
