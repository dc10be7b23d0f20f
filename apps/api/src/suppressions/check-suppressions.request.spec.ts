import { screenAddresses } from './check-suppressions.request';
import { inRequestOrder } from './suppression.response';

describe('the addresses of a bulk check', () => {
  it('are looked up normalised, and a malformed one is answered on its own, as sent', () => {
    const { lookups, invalid } = screenAddresses([' Jane@Example.COM', 'nope', 'joe@example.org', '']);
    expect(lookups).toEqual(['jane@example.com', 'joe@example.org']);
    expect([...invalid.keys()]).toEqual([1, 3]);
    expect(invalid.get(1)).toEqual({
      address: 'nope',
      status: 'invalid',
      suppressed: true,
      reason: 'the address has no @ between the local part and the domain',
    });
    expect(invalid.get(3)).toMatchObject({ address: '', status: 'invalid', suppressed: true });
  });

  it('come back in request order, answers between the invalid ones', () => {
    const addresses = ['bad one', 'a@example.com', 'also bad', 'b@example.com', 'c@example.com', 'x@'];
    const { lookups, invalid } = screenAddresses(addresses);
    const answers = lookups.map((address) => ({ address, suppressed: false, status: 'deliverable' }));
    const results = inRequestOrder(addresses.length, invalid, answers);
    expect(results.map((result) => [result.address, result.status])).toEqual([
      ['bad one', 'invalid'],
      ['a@example.com', 'deliverable'],
      ['also bad', 'invalid'],
      ['b@example.com', 'deliverable'],
      ['c@example.com', 'deliverable'],
      ['x@', 'invalid'],
    ]);
  });

  it('answer a request of nothing but malformed addresses without a lookup', () => {
    const { lookups, invalid } = screenAddresses(['a', 'b']);
    expect(lookups).toEqual([]);
    expect(inRequestOrder(2, invalid, []).every((result) => result.status === 'invalid')).toBe(true);
  });

  it('refuse to be answered by fewer answers than lookups', () => {
    const { invalid } = screenAddresses(['a@example.com', 'b@example.com']);
    expect(() => inRequestOrder(2, invalid, [{ address: 'a@example.com', suppressed: false, status: 'x' }])).toThrow(
      /1 answers for 2 addresses/,
    );
  });
});
