import { normaliseAddress } from './address';

/** The stream that records the allowlist: addresses and domains that must never be suppressed. */
export const ALLOWLIST_STREAM = 'allowlist';

export type AllowlistEntryKind = 'address' | 'domain';

export interface AllowlistEntryAdded {
  type: 'AllowlistEntryAdded';
  eventId: string;
  recordedAt: string;
  data: { entry: string; kind: AllowlistEntryKind; by: string; reason: string };
}

export interface AllowlistEntryRemoved {
  type: 'AllowlistEntryRemoved';
  eventId: string;
  recordedAt: string;
  data: { entry: string; by: string; reason: string };
}

export type AllowlistEvent = AllowlistEntryAdded | AllowlistEntryRemoved;

export interface AllowlistEntry {
  entry: string;
  kind: AllowlistEntryKind;
  by: string;
  reason: string;
  since: string;
}

export type ParsedAllowlistEntry = { entry: string; kind: AllowlistEntryKind } | { error: string };

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/**
 * An entry is an address (normalised as every check normalises it) or a domain (lower-cased; it covers that domain
 * only, not its subdomains, so a company's own domain does not allowlist a customer's subdomain of it).
 */
export function parseAllowlistEntry(input: unknown): ParsedAllowlistEntry {
  if (typeof input !== 'string' || input.trim() === '') {
    return { error: 'entry must be an address or a domain' };
  }
  const text = input.trim();
  if (text.includes('@')) {
    const address = normaliseAddress(text);
    return address.ok
      ? { entry: address.address, kind: 'address' }
      : { error: `entry is not a valid address (${address.reason})` };
  }
  const domain = text.toLowerCase();
  return DOMAIN.test(domain) ? { entry: domain, kind: 'domain' } : { error: 'entry is not a valid domain' };
}

/** The allowlist folded from its stream. */
export class Allowlist {
  private readonly entries = new Map<string, AllowlistEntry>();

  apply(event: AllowlistEvent): void {
    if (event.type === 'AllowlistEntryAdded') {
      const { entry, kind, by, reason } = event.data;
      this.entries.set(entry, { entry, kind, by, reason, since: event.recordedAt });
    } else {
      this.entries.delete(event.data.entry);
    }
  }

  has(entry: string): boolean {
    return this.entries.has(entry);
  }

  get(entry: string): AllowlistEntry | undefined {
    return this.entries.get(entry);
  }

  /** The entry that allowlists a normalised address: the address itself first, then its domain. */
  matching(normalisedAddress: string): AllowlistEntry | undefined {
    if (this.entries.size === 0) {
      // The usual case, asked for every address of a bulk check.
      return undefined;
    }
    const domain = normalisedAddress.slice(normalisedAddress.lastIndexOf('@') + 1);
    return this.entries.get(normalisedAddress) ?? this.entries.get(domain);
  }

  list(): AllowlistEntry[] {
    return [...this.entries.values()].sort((a, b) => a.entry.localeCompare(b.entry));
  }
}

/** Reads a stored allowlist event back, refusing data this service did not write. */
export function toAllowlistEvent(stored: {
  eventId: string;
  type: string;
  recordedAt: string;
  data: { [key: string]: unknown };
}): AllowlistEvent {
  const { entry, kind, by, reason } = stored.data;
  const common = typeof entry === 'string' && typeof by === 'string' && typeof reason === 'string';
  if (stored.type === 'AllowlistEntryAdded' && common && (kind === 'address' || kind === 'domain')) {
    return {
      type: stored.type,
      eventId: stored.eventId,
      recordedAt: stored.recordedAt,
      data: { entry, kind, by, reason },
    };
  }
  if (stored.type === 'AllowlistEntryRemoved' && common) {
    return { type: stored.type, eventId: stored.eventId, recordedAt: stored.recordedAt, data: { entry, by, reason } };
  }
  throw new TypeError(`Event ${stored.eventId} (${stored.type}) is not an allowlist event this service wrote`);
}
