import type { Policy } from '@app/domain';
import type { CheckedStatus, StandingSummary } from './standing-summary';
import { DELIVERABLE, isPlainlyDeliverable, summaryStatusAt } from './standing-summary';

const STANDINGS = ['clear', 'quarantined', 'suppressed'] as const;
const INITIAL_CAPACITY = 1024;

/**
 * The standing summaries of the recipients that may answer anything but "deliverable", by address, in typed arrays
 * (a few dozen bytes per recipient beside its address): most recipients are plainly deliverable and take no room.
 * An address that turns plain keeps its slot with a plain summary, so it answers "deliverable" again.
 */
export class StandingIndex {
  private readonly slots = new Map<string, number>();
  private standings = new Uint8Array(INITIAL_CAPACITY);
  private quarantineUntil = new Float64Array(INITIAL_CAPACITY);
  private newestBounceAt = new Float64Array(INITIAL_CAPACITY);
  private newestSoftBounceAt = new Float64Array(INITIAL_CAPACITY);

  get size(): number {
    return this.slots.size;
  }

  set(address: string, summary: StandingSummary): void {
    let slot = this.slots.get(address);
    if (slot === undefined) {
      if (isPlainlyDeliverable(summary)) {
        return;
      }
      slot = this.slots.size;
      this.ensureCapacity(slot + 1);
      this.slots.set(address, slot);
    }
    this.standings[slot] = STANDINGS.indexOf(summary.standing);
    this.quarantineUntil[slot] = summary.quarantineUntil;
    this.newestBounceAt[slot] = summary.newestBounceAt;
    this.newestSoftBounceAt[slot] = summary.newestSoftBounceAt;
  }

  /** The answer for a normalised address; one the index does not hold is plainly deliverable. */
  statusAt(address: string, policy: Policy, now: number): CheckedStatus {
    const slot = this.slots.get(address);
    if (slot === undefined) {
      return DELIVERABLE;
    }
    return summaryStatusAt(
      {
        standing: STANDINGS[this.standings[slot] ?? 0] ?? 'clear',
        quarantineUntil: this.quarantineUntil[slot] ?? NaN,
        newestBounceAt: this.newestBounceAt[slot] ?? NaN,
        newestSoftBounceAt: this.newestSoftBounceAt[slot] ?? NaN,
      },
      policy,
      now,
    );
  }

  private ensureCapacity(needed: number): void {
    if (needed <= this.standings.length) {
      return;
    }
    const capacity = Math.max(needed, this.standings.length * 2);
    this.standings = grown(this.standings, new Uint8Array(capacity));
    this.quarantineUntil = grown(this.quarantineUntil, new Float64Array(capacity));
    this.newestBounceAt = grown(this.newestBounceAt, new Float64Array(capacity));
    this.newestSoftBounceAt = grown(this.newestSoftBounceAt, new Float64Array(capacity));
  }
}

function grown<T extends Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
