import { AddressSlots, seededAddressHash } from './address-slots';

/** Addresses of assorted lengths and alphabets, with near neighbours (a character apart) among them. */
function addresses(count: number, tag: string): string[] {
  return Array.from(
    { length: count },
    (_, index) => `${tag}${index.toString(36)}.ü${index % 7}@example${index % 13}.org`,
  );
}

/** Numbers every address as a Map of first appearances does: the reference the table must agree with. */
function expectLikeMap(slots: AddressSlots, added: readonly string[], absent: readonly string[]): void {
  const reference = new Map<string, number>();
  for (const address of added) {
    if (!reference.has(address)) {
      reference.set(address, reference.size);
    }
  }
  expect(slots.size).toBe(reference.size);
  // One comparison of whole lists: an expect per address would take seconds for twenty thousand.
  const asked = [...reference.keys(), ...absent];
  const expected = asked.map((address) => reference.get(address) ?? -1);
  expect(asked.map((address) => slots.slotOf(address))).toEqual(expected);
  // Looked up together, in the order asked, over a buffer with room to spare.
  const together = new Int32Array(asked.length + 3).fill(99);
  slots.slotsOf(asked, together);
  expect([...together]).toEqual([...expected, 99, 99, 99]);
}

describe('AddressSlots', () => {
  it('numbers addresses in the order added and finds each again, across many growths', () => {
    const slots = new AddressSlots();
    const added = addresses(20_000, 'a');
    expect(added.map((address) => slots.add(address))).toEqual(added.map((_, index) => index));
    expectLikeMap(slots, added, [...addresses(2_000, 'b'), '', 'a0.ü0@example0.or', 'A0.ü0@example0.org']);
  });

  it('gives an address added again its first number', () => {
    const slots = new AddressSlots();
    const added = ['x@example.com', 'y@example.com', 'x@example.com', 'z@example.com', 'y@example.com'];
    expect(added.map((address) => slots.add(address))).toEqual([0, 1, 0, 2, 1]);
    expectLikeMap(slots, added, ['w@example.com']);
  });

  it('tells addresses apart by comparing them when whole hashes collide', () => {
    // Three hash values for thousands of addresses: every look-up walks a long run of equal hashes.
    const slots = new AddressSlots((address) => address.length % 3);
    const added = addresses(3_000, 'c');
    added.forEach((address) => slots.add(address));
    expectLikeMap(slots, added, addresses(300, 'd'));
  });

  it('wraps a probe past the end of the table to its start', () => {
    // Every hash points at the last entry of the first table (1,024 entries), so probes run on from index 0.
    const slots = new AddressSlots(() => 1023);
    const added = addresses(400, 'e');
    added.forEach((address) => slots.add(address));
    expectLikeMap(slots, added, ['f@example.com']);
  });

  it('hashes alike under one seed and differently under another', () => {
    const one = seededAddressHash(1);
    const other = seededAddressHash(2);
    const sample = addresses(1_000, 'g');
    expect(sample.map(one)).toEqual(sample.map(seededAddressHash(1)));
    const same = sample.filter((address) => one(address) === other(address));
    expect(same.length).toBeLessThan(5);
    // Spread: the low ten bits, a first table's index, take most of their values for a thousand addresses.
    expect(new Set(sample.map((address) => one(address) & 1023)).size).toBeGreaterThan(550);
  });
});
