import type { Policy } from '@app/domain';
import { AddressSlots } from './address-slots';
import type { CheckedStatus, StandingSummary } from './standing-summary';
import { DELIVERABLE, isPlainlyDeliverable, standingStatusAt } from './standing-summary';

const STANDINGS = ['clear', 'quarantined', 'suppressed'] as const;
const INITIAL_CAPACITY = 1024;
/** A summary's numbers, side by side so one cache line holds them: standing, quarantine end, newest bounces. */
const STRIDE = 4;
const STANDING = 0;
const QUARANTINE_UNTIL = 1;
const NEWEST_BOUNCE_AT = 2;
const NEWEST_SOFT_BOUNCE_AT = 3;

/**
 * The standing summaries of the recipients that may answer anything but "deliverable", by address, in one typed array
 * (32 bytes per recipient beside its address): most recipients are plainly deliverable and take no room. An address
 * that turns plain keeps its slot with a plain summary, so it answers "deliverable" again. Addresses are numbered by
 * `AddressSlots`, so a check hashes each address once, in JavaScript, and reads the table once.
 */
export class StandingIndex {
  private readonly slots = new AddressSlots();
  private summaries = new Float64Array(INITIAL_CAPACITY * STRIDE);
  /** The slots of the addresses `statuses` was last given, kept for the next call. */
  private found = new Int32Array(0);

  get size(): number {
    return this.slots.size;
  }

  set(address: string, summary: StandingSummary): void {
    let slot = this.slots.slotOf(address);
    if (slot < 0) {
      if (isPlainlyDeliverable(summary)) {
        return;
      }
      slot = this.slots.add(address);
      this.ensureCapacity(slot + 1);
    }
    const at = slot * STRIDE;
    this.summaries[at + STANDING] = STANDINGS.indexOf(summary.standing);
    this.summaries[at + QUARANTINE_UNTIL] = summary.quarantineUntil;
    this.summaries[at + NEWEST_BOUNCE_AT] = summary.newestBounceAt;
    this.summaries[at + NEWEST_SOFT_BOUNCE_AT] = summary.newestSoftBounceAt;
  }

  /**
   * The answers for normalised addresses, in order, looked up together (`AddressSlots.slotsOf`); an address the index
   * does not hold is plainly deliverable.
   */
  statuses(addresses: readonly string[], policy: Policy, now: number): CheckedStatus[] {
    if (this.found.length < addresses.length) {
      this.found = new Int32Array(addresses.length);
    }
    const found = this.found;
    this.slots.slotsOf(addresses, found);
    const answers: CheckedStatus[] = [];
    for (let index = 0; index < addresses.length; index++) {
      const slot = found[index] ?? -1;
      answers.push(slot < 0 ? DELIVERABLE : this.statusOfSlot(slot, policy, now));
    }
    return answers;
  }

  private statusOfSlot(slot: number, policy: Policy, now: number): CheckedStatus {
    const at = slot * STRIDE;
    return standingStatusAt(
      STANDINGS[this.summaries[at + STANDING] ?? 0] ?? 'clear',
      this.summaries[at + QUARANTINE_UNTIL] ?? NaN,
      this.summaries[at + NEWEST_BOUNCE_AT] ?? NaN,
      this.summaries[at + NEWEST_SOFT_BOUNCE_AT] ?? NaN,
      policy,
      now,
    );
  }

  private ensureCapacity(slots: number): void {
    if (slots * STRIDE <= this.summaries.length) {
      return;
    }
    const grown = new Float64Array(Math.max(slots * STRIDE, this.summaries.length * 2));
    grown.set(this.summaries);
    this.summaries = grown;
  }
}
