import fc from 'fast-check';
import { normaliseAddress } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { normalisedAddress } from './normalised-address';

describe('the address a command is keyed by', () => {
  it("is normaliseAddress's answer, for addresses in normal form and for any other text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.emailAddress(),
          fc.emailAddress().map((address) => ` ${address.toUpperCase()} `),
          fc.string(),
        ),
        (text) => {
          const expected = normaliseAddress(text);
          if (expected.ok) {
            expect(normalisedAddress(text)).toBe(expected.address);
          } else {
            expect(() => normalisedAddress(text)).toThrow(ProblemError);
          }
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('refuses a bad address as a 400 naming the field', () => {
    try {
      normalisedAddress('not an address', 'to');
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ProblemError);
      expect((error as ProblemError).status).toBe(400);
      expect((error as ProblemError).message).toContain('to is not a valid email address');
    }
  });
});
