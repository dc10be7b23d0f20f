import type { BounceReceived, Classification, Policy } from '@app/domain';
import { classifyBounce } from '@app/domain';

/**
 * The candidate's classification of the projection's bounce evidence, made at the first bounce of each distinct
 * evidence (by its ordinal in the projection) and reused for the others: the classifier is a pure function of the
 * evidence and the overrides, and the same evidence recurs across the recipients a simulation explains.
 */
export class EvidenceClassifier {
  private readonly made = new Map<number, Classification>();

  constructor(private readonly policy: Policy) {}

  classify(evidenceOrdinal: number, bounce: BounceReceived): Classification {
    let classification = this.made.get(evidenceOrdinal);
    if (classification === undefined) {
      const { smtp, providerVerdict, dsnStatus } = bounce.data;
      classification = classifyBounce({ smtp, providerVerdict, dsnStatus }, this.policy.overrides);
      this.made.set(evidenceOrdinal, classification);
    }
    return classification;
  }
}
