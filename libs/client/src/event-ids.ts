/**
 * The service derives a missing eventId from the payload, so a bounce, delivery, complaint or unsubscribe sent twice
 * is one event, and so is a repeated manual suppression; the client leaves those alone, since a fresh id would make
 * a redelivered fact count twice. A correction without occurredAt is the exception: the service dates it, and derives
 * its id from, the moment it arrives, so a retry would record a second correction. It gets an id of its own here,
 * the same on every attempt.
 */
export function withRetryableEventId<Correction extends { eventId?: string; occurredAt?: string }>(
  correction: Correction,
): Correction {
  if (correction.eventId !== undefined || correction.occurredAt !== undefined) {
    return correction;
  }
  return { ...correction, eventId: crypto.randomUUID() };
}

/** The same for the corrections in a batch; other items keep the ids the service derives. */
export function withRetryableBatchEventIds<Item extends object>(events: readonly Item[]): Item[] {
  return events.map((item) => (isCorrection(item) ? withRetryableEventId(item) : item));
}

function isCorrection(item: object): item is { type: 'correction'; eventId?: string; occurredAt?: string } {
  return 'type' in item && item.type === 'correction';
}
