import { randomInt } from 'node:crypto';

const INITIAL_CAPACITY = 1024;
const FNV_PRIME = 0x01000193;

/** A string hash of 32 bits, seeded so that which addresses collide differs from one process to the next. */
export type AddressHash = (address: string) => number;

/**
 * FNV-1a over the UTF-16 code units from a random offset basis, then murmur3's finaliser so that every bit of the
 * hash moves the low bits a table index is taken from. Computed in JavaScript: the engine's own string hash, which a
 * Map needs for every string a request's JSON was parsed into, costs a bulk check several times what this does.
 */
export function seededAddressHash(seed: number = randomInt(0x7fffffff)): AddressHash {
  return (address) => {
    let hash = seed | 0;
    for (let index = 0; index < address.length; index++) {
      hash = Math.imul(hash ^ address.charCodeAt(index), FNV_PRIME);
    }
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    return hash ^ (hash >>> 16);
  };
}

/**
 * Addresses numbered 0, 1, 2... in the order they were added, found again by one probe into a typed array in the
 * usual case: an open-addressing table with linear probing, each entry the address's hash beside its number plus one
 * (0 marks an empty entry), at most half full. An address is compared only when its whole hash matches, so one the
 * table does not hold, what a bulk check mostly asks for, reads no string but its own.
 */
export class AddressSlots {
  private readonly addresses: string[] = [];
  private entries = new Int32Array(INITIAL_CAPACITY * 2);
  private mask = INITIAL_CAPACITY - 1;
  /** The hashes of the addresses `slotsOf` was last given, kept for the next call. */
  private hashes = new Int32Array(0);

  constructor(private readonly hashOf: AddressHash = seededAddressHash()) {}

  get size(): number {
    return this.addresses.length;
  }

  /** The address's number, or -1 when it was never added. */
  slotOf(address: string): number {
    const hash = this.hashOf(address);
    const { entries, mask } = this;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const stored = entries[2 * at + 1] ?? 0;
      if (stored === 0) {
        return -1;
      }
      if (entries[2 * at] === hash && this.addresses[stored - 1] === address) {
        return stored - 1;
      }
    }
  }

  /**
   * The numbers of many addresses (-1 for one never added), written to `into`: every hash first, then every probe, so
   * the probes' reads of the table, each likely a cache miss, overlap instead of waiting one after another. A
   * whole hash that matches is then confirmed by the address itself; two addresses sharing a hash take the full probe.
   */
  slotsOf(addresses: readonly string[], into: Int32Array): void {
    const count = addresses.length;
    if (this.hashes.length < count) {
      this.hashes = new Int32Array(count);
    }
    const { hashes, entries, mask } = this;
    for (let index = 0; index < count; index++) {
      hashes[index] = this.hashOf(addresses[index] ?? '');
    }
    for (let index = 0; index < count; index++) {
      const hash = hashes[index] ?? 0;
      let found = -1;
      for (let at = hash & mask; ; at = (at + 1) & mask) {
        const stored = entries[2 * at + 1] ?? 0;
        if (stored === 0) {
          break;
        }
        if (entries[2 * at] === hash) {
          found = stored - 1;
          break;
        }
      }
      into[index] = found;
    }
    for (let index = 0; index < count; index++) {
      const slot = into[index] ?? -1;
      const address = addresses[index] ?? '';
      if (slot >= 0 && this.addresses[slot] !== address) {
        into[index] = this.slotOf(address);
      }
    }
  }

  /** The address's number, the next one when it is new. */
  add(address: string): number {
    const found = this.slotOf(address);
    if (found >= 0) {
      return found;
    }
    if ((this.addresses.length + 1) * 2 > this.mask + 1) {
      this.grow();
    }
    this.addresses.push(address);
    this.place(this.hashOf(address), this.addresses.length);
    return this.addresses.length - 1;
  }

  private place(hash: number, stored: number): void {
    const { entries, mask } = this;
    let at = hash & mask;
    while (entries[2 * at + 1] !== 0) {
      at = (at + 1) & mask;
    }
    entries[2 * at] = hash;
    entries[2 * at + 1] = stored;
  }

  /** Twice the room, every entry placed again by the hash it keeps (no address is hashed twice). */
  private grow(): void {
    const previous = this.entries;
    const capacity = (this.mask + 1) * 2;
    this.entries = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let at = 0; at < previous.length; at += 2) {
      const stored = previous[at + 1] ?? 0;
      if (stored !== 0) {
        this.place(previous[at] ?? 0, stored);
      }
    }
  }
}
