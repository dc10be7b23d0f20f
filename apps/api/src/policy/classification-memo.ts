import type { BounceEvidence, Classification, PolicyOverride } from '@app/domain';
import { classifyBounce } from '@app/domain';

/** Distinct replies kept; a realistic log repeats a few thousand texts millions of times. */
const DEFAULT_CAPACITY = 50_000;

/**
 * The classifier behind a least-recently-used memo keyed by the whole evidence. Classification is a pure function of
 * the evidence and the overrides, and diagnostics repeat heavily, so replay classifies each distinct reply once.
 */
export class ClassificationMemo {
  private readonly entries = new Map<string, Classification>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly overrides: readonly PolicyOverride[],
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  classify(evidence: BounceEvidence): Classification {
    const key = evidenceKey(evidence);
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.hits++;
      // Re-inserting moves the entry to the young end of the Map's insertion order.
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    this.misses++;
    const classification = classifyBounce(evidence, this.overrides);
    this.entries.set(key, classification);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) {
        this.entries.delete(oldest.value);
      }
    }
    return classification;
  }
}

/** Every field the classifier reads, in a fixed order; the unit separator cannot occur in a reply line. */
function evidenceKey({ smtp, providerVerdict, dsnStatus }: BounceEvidence): string {
  return [
    smtp?.replyCode,
    smtp?.enhancedStatus,
    smtp?.stage,
    dsnStatus,
    providerVerdict?.provider,
    providerVerdict?.type,
    providerVerdict?.subType,
    smtp?.diagnostic,
  ].join('\u001f');
}
