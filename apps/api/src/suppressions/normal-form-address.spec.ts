import fc from 'fast-check';
import { normaliseAddress } from '@app/domain';
import { isInNormalForm } from './normal-form-address';

/** Text built from the characters addresses are made of, so the generator reaches the pattern's edges often. */
const addressLike = fc
  .array(fc.constantFrom(...'aZ09.-_+@xn-é"\\ <>[]!~'.split(''), 'xn--', '.com', '@example.com', 'a'.repeat(63)), {
    maxLength: 30,
  })
  .map((parts) => parts.join(''));

/** A valid address with one character replaced: every position of the pattern meets every kind of character. */
const nearlyValid = fc
  .tuple(fc.emailAddress(), fc.nat(), fc.constantFrom(...'AZaz09.-_+@é" <[!~'.split('')))
  .map(([address, at, char]) => {
    const index = at % address.length;
    return address.slice(0, index) + char + address.slice(index + 1);
  });

describe('an address in normal form', () => {
  it('is one normaliseAddress accepts and gives back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(addressLike, nearlyValid, fc.string(), fc.emailAddress()), (text) => {
        if (isInNormalForm(text)) {
          expect(normaliseAddress(text)).toEqual({ ok: true, address: text });
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('covers the addresses callers store', () => {
    for (const address of [
      'jane@example.com',
      'jane.doe+news@mail.example.co.uk',
      'x_y-z@a1.io',
      `${'a'.repeat(64)}@b.de`,
    ]) {
      expect(isInNormalForm(address)).toBe(true);
    }
  });

  it('leaves everything else to the full normalisation', () => {
    for (const text of [
      'Jane@example.com',
      ' jane@example.com',
      'jane@Example.com',
      'jane@example',
      'jane@example.123',
      'jane@-example.com',
      'jane..doe@example.com',
      '.jane@example.com',
      'jane@xn--bcher-kva.example',
      `${'a'.repeat(65)}@b.de`,
      `a@${'b'.repeat(64)}.de`,
      `a@${'b.'.repeat(126)}de`,
    ]) {
      expect(isInNormalForm(text)).toBe(false);
    }
  });
});
