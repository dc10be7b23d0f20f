import type { StatusView } from './recipient-status';

/** The stream that records erasures: it names a recipient by its stream's keyed hash only, never by its address. */
export const DO_NOT_SEND_STREAM = 'do-not-send';

/**
 * A recipient's personal data was erased. `addressHash` is the keyed hash its stream is named by, so the address can
 * be recognised again (when checked, or when it bounces) without being kept. With `keepSuppression` the hash stays
 * on the do-not-send list; without it, erasing also lifts an earlier erasure's entry.
 */
export interface RecipientErased {
  type: 'RecipientErased';
  eventId: string;
  recordedAt: string;
  data: { addressHash: string; by: string; reason: string; keepSuppression: boolean };
}

export interface DoNotSendEntry {
  addressHash: string;
  by: string;
  reason: string;
  since: string;
}

/** The do-not-send list folded from the erasure stream: keyed hashes of erased addresses that stay suppressed. */
export class DoNotSendList {
  private readonly entries = new Map<string, DoNotSendEntry>();

  apply(event: RecipientErased): void {
    const { addressHash, by, reason, keepSuppression } = event.data;
    if (keepSuppression) {
      this.entries.set(addressHash, { addressHash, by, reason, since: event.recordedAt });
    } else {
      this.entries.delete(addressHash);
    }
  }

  entryFor(addressHash: string): DoNotSendEntry | undefined {
    return this.entries.get(addressHash);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The answer for an address on the do-not-send list: suppressed, whatever was recorded for it after the erasure. */
export function erasedStatus(entry: DoNotSendEntry): StatusView {
  return {
    status: 'suppressed',
    suppressed: true,
    restored: false,
    cause: 'erased',
    reason: entry.reason,
    since: entry.since,
  };
}

/** Reads a stored erasure back, refusing data this service did not write. */
export function toRecipientErased(stored: {
  eventId: string;
  recordedAt: string;
  data: { [key: string]: unknown };
}): RecipientErased {
  const { addressHash, by, reason, keepSuppression } = stored.data;
  if (
    typeof addressHash !== 'string' ||
    typeof by !== 'string' ||
    typeof reason !== 'string' ||
    typeof keepSuppression !== 'boolean'
  ) {
    throw new TypeError(`Event ${stored.eventId} is not a RecipientErased this service wrote`);
  }
  return {
    type: 'RecipientErased',
    eventId: stored.eventId,
    recordedAt: stored.recordedAt,
    data: { addressHash, by, reason, keepSuppression },
  };
}
