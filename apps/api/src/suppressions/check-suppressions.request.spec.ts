import { screenAddresses } from './check-suppressions.request';

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

  it('name the lookups normalisation changed or had to confirm, by their index among the lookups', () => {
    const { lookups, normalised } = screenAddresses([
      'bad one',
      'a@example.com',
      'B@Example.com',
      'c@example.com',
      'x@xn--bcher-kva.example',
    ]);
    expect(lookups).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'x@xn--bcher-kva.example']);
    expect([...normalised].sort()).toEqual([1, 3]);
  });

  it('keep the malformed ones in ascending request position', () => {
    const { invalid } = screenAddresses(['x', 'a@example.com', 'y', 'z']);
    expect([...invalid.keys()]).toEqual([0, 2, 3]);
  });

  it('leave nothing to look up when every address is malformed', () => {
    const { lookups, invalid, normalised } = screenAddresses(['a', 'b']);
    expect(lookups).toEqual([]);
    expect(normalised.size).toBe(0);
    expect(invalid.size).toBe(2);
  });
});
