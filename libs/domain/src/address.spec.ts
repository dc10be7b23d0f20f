import fc from 'fast-check';
import type { AddressFailureReason } from './address';
import { maskAddress, normaliseAddress } from './address';

const LOCAL_64 = 'a'.repeat(64);
const LABEL_63 = 'b'.repeat(63);

describe('normaliseAddress', () => {
  describe('accepts and normalises', () => {
    it.each([
      ['an ordinary address unchanged', 'jane@example.com', 'jane@example.com'],
      ['surrounding whitespace trimmed', '  jane@example.com\t\n', 'jane@example.com'],
      ['the local part lower-cased', 'Jane.Doe@example.com', 'jane.doe@example.com'],
      ['the domain lower-cased', 'jane@Example.COM', 'jane@example.com'],
      ['an internationalised domain punycode-encoded', 'user@Bücher.de', 'user@xn--bcher-kva.de'],
      ['a Unicode top-level domain encoded too', 'info@例え.テスト', 'info@xn--r8jz45g.xn--zckzah'],
      ['an already encoded domain unchanged', 'user@XN--BCHER-KVA.de', 'user@xn--bcher-kva.de'],
      [
        'every atext character in the local part',
        "a!#$%&'*+-/=?^_`{|}~z@example.com",
        "a!#$%&'*+-/=?^_`{|}~z@example.com",
      ],
      ['dots between atoms', 'first.middle.last@example.com', 'first.middle.last@example.com'],
      ['a plus tag kept', 'jane+news@example.com', 'jane+news@example.com'],
      ['hyphens and digits inside labels', 'x@mail-1.example-2.co.uk', 'x@mail-1.example-2.co.uk'],
      ['a local part of exactly 64 characters', `${LOCAL_64}@example.com`, `${LOCAL_64}@example.com`],
      ['a label of exactly 63 characters', `x@${LABEL_63}.com`, `x@${LABEL_63}.com`],
    ])('%s', (_case, input, expected) => {
      expect(normaliseAddress(input)).toEqual({ ok: true, address: expected });
    });

    it('accepts an address of exactly 254 characters', () => {
      const domain = `${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(57)}.com`;
      const address = `${LOCAL_64}@${domain}`;
      expect(address).toHaveLength(254);
      expect(normaliseAddress(address)).toEqual({ ok: true, address });
    });
  });

  describe('rejects with a reason', () => {
    it.each<[string, unknown, AddressFailureReason]>([
      ['a number', 42, 'not_a_string'],
      ['null', null, 'not_a_string'],
      ['an object', { address: 'jane@example.com' }, 'not_a_string'],
      ['an empty string', '', 'empty'],
      ['whitespace only', '  \t ', 'empty'],
      ['no @', 'jane.example.com', 'missing_at'],
      ['nothing before the @', '@example.com', 'empty_local_part'],
      ['nothing after the @', 'jane@', 'empty_domain'],
      ['a local part of 65 characters', `${LOCAL_64}a@example.com`, 'local_part_too_long'],
      ['a domain over 255 characters', `x@${`${LABEL_63}.`.repeat(4)}com`, 'domain_too_long'],
      [
        'an address of 255 characters',
        `${LOCAL_64}@${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(58)}.com`,
        'address_too_long',
      ],
      ['a label of 64 characters', `x@${LABEL_63}b.com`, 'label_too_long'],
      ['an encoded label over 63 characters', `x@${'ü'.repeat(60)}.de`, 'label_too_long'],
      ['a leading dot in the local part', '.jane@example.com', 'invalid_local_part'],
      ['a trailing dot in the local part', 'jane.@example.com', 'invalid_local_part'],
      ['two dots in a row in the local part', 'ja..ne@example.com', 'invalid_local_part'],
      ['a space in the local part', 'jane doe@example.com', 'invalid_local_part'],
      ['a comma in the local part', 'jane,doe@example.com', 'invalid_local_part'],
      ['a second @', 'jane@doe@example.com', 'invalid_local_part'],
      ['a quoted local part', '"jane doe"@example.com', 'invalid_local_part'],
      ['a quoted local part holding an @', '"jane@home"@example.com', 'invalid_local_part'],
      ['a non-ASCII local part', 'jösé@example.com', 'invalid_local_part'],
      ['a display name', 'Jane <jane@example.com>', 'invalid_local_part'],
      ['a domain without a dot', 'jane@localhost', 'invalid_domain'],
      ['a domain literal', 'jane@[192.0.2.1]', 'invalid_domain'],
      ['a bare IPv4 address', 'jane@192.0.2.1', 'invalid_domain'],
      ['a numeric host the URL parser would rewrite', 'jane@0x7f.1', 'invalid_domain'],
      ['a percent escape in the domain', 'jane@ex%41mple.com', 'invalid_domain'],
      ['an underscore in the domain', 'jane@my_host.example.com', 'invalid_domain'],
      ['a trailing dot on the domain', 'jane@example.com.', 'invalid_domain'],
      ['a leading dot on the domain', 'jane@.example.com', 'invalid_domain'],
      ['two dots in a row in the domain', 'jane@example..com', 'invalid_domain'],
      ['a label starting with a hyphen', 'jane@-example.com', 'invalid_domain'],
      ['a label ending with a hyphen', 'jane@example-.com', 'invalid_domain'],
      ['a label emptied by IDNA mapping', 'jane@\u200b.example.com', 'invalid_domain'],
      ['malformed punycode', 'jane@xn--zz.com', 'invalid_idn'],
      ['a character IDNA disallows', 'jane@exa\u2488mple.com', 'invalid_idn'],
    ])('%s', (_case, input, reason) => {
      const result = normaliseAddress(input);
      expect(result).toMatchObject({ ok: false, reason });
    });
  });

  describe('failure messages', () => {
    it.each([
      ['"jane doe"@example.com', /quoted local parts/],
      ['jane doe@example.com', /contains a space/],
      ['Jane <jane@example.com>', /without a display name/],
      ['jane@[192.0.2.1]', /domain literals .* are not accepted/],
      ['jane@192.0.2.1', /IP addresses are not accepted/],
      [`${LOCAL_64}a@example.com`, /65 characters long; at most 64/],
      ['jane@localhost', /at least one dot/],
      [42, /expected a string, got number/],
    ])('explain what is wrong with %j', (input, message) => {
      const result = normaliseAddress(input);
      expect(result.ok ? '' : result.message).toMatch(message);
    });
  });

  describe('as properties', () => {
    const messy = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.emailAddress(),
      fc
        .tuple(fc.emailAddress(), fc.constantFrom('', ' ', 'Ü', 'ß', 'İ', '例', '\u200b', '.', '-', 'xn--'))
        .map(([address, extra]) => ` ${address.toUpperCase()}${extra} `),
      fc
        .tuple(fc.emailAddress(), fc.string({ unit: 'grapheme', maxLength: 6 }))
        .map(([a, s]) => a.replace('@', `${s}@`)),
    );

    it('is idempotent: normalising a normalised address changes nothing', () => {
      fc.assert(
        fc.property(messy, (input) => {
          const once = normaliseAddress(input);
          if (once.ok) {
            expect(normaliseAddress(once.address)).toEqual(once);
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('produces only lower-case ASCII within the length limits', () => {
      fc.assert(
        fc.property(messy, (input) => {
          const result = normaliseAddress(input);
          if (result.ok) {
            expect(result.address).toMatch(/^[\x21-\x7e]{1,64}@[a-z0-9.-]+$/);
            expect(result.address.length).toBeLessThanOrEqual(254);
            expect(result.address).toBe(result.address.toLowerCase());
          }
        }),
        { numRuns: 2000 },
      );
    });

    it('accepts every generated address that fits the overall limit', () => {
      fc.assert(
        fc.property(fc.emailAddress(), (address) => {
          fc.pre(address.length <= 254);
          expect(normaliseAddress(address)).toEqual({ ok: true, address: address.toLowerCase() });
        }),
      );
    });

    it('treats case and surrounding whitespace as the same address', () => {
      fc.assert(
        fc.property(fc.emailAddress(), (address) => {
          expect(normaliseAddress(`  ${address.toUpperCase()} `)).toEqual(normaliseAddress(address));
        }),
      );
    });
  });
});

describe('maskAddress', () => {
  it.each([
    ['keeps the first character and the domain', 'jane@example.com', 'j***@example.com'],
    ['hides the length of a one-letter mailbox', 'j@example.com', 'j***@example.com'],
    ['keeps a whole non-ASCII first character', '例え@example.com', '例***@example.com'],
    ['masks only up to the last @', 'a@b@example.com', 'a***@example.com'],
    ['hides everything when there is no @', 'not-an-address', '***'],
    ['copes with an empty local part', '@example.com', '***@example.com'],
  ])('%s', (_case, input, expected) => {
    expect(maskAddress(input)).toBe(expected);
  });
});
