import { Injectable } from '@nestjs/common';
import { erasedStatus } from '@app/domain';
import type { CheckedStatus } from '@app/read-model';
import { DELIVERABLE, SUPPRESSED } from '@app/read-model';
import { AllowlistRegistry, DoNotSendRegistry } from '@app/recipients';
import type { SuppressionResponse } from '../suppressions/suppression.response';

/**
 * What the do-not-send list and the allowlist say over the read model's answer. An erased address kept on the
 * do-not-send list is suppressed (cause `erased`) whatever was recorded since, allowlisted or not: erasure answers a
 * person's request not to be processed, which a company's own list cannot override. An allowlisted address is
 * otherwise deliverable, with `allowlisted: true`; its bounces are still recorded and explained in its history.
 */
@Injectable()
export class RecipientOverlay {
  constructor(
    private readonly doNotSend: DoNotSendRegistry,
    private readonly allowlist: AllowlistRegistry,
  ) {}

  answer(response: SuppressionResponse): SuppressionResponse {
    const erased = this.doNotSend.entryFor(response.address);
    if (erased !== undefined) {
      return { address: response.address, ...erasedStatus(erased) };
    }
    if (this.allowlist.matching(response.address) !== undefined) {
      return {
        address: response.address,
        status: 'deliverable',
        suppressed: false,
        restored: response.restored,
        allowlisted: true,
      };
    }
    return response;
  }

  /** The lists over a bulk check's answers (one per address, in order), written in place: most addresses are on neither. */
  statuses(addresses: readonly string[], statuses: CheckedStatus[]): CheckedStatus[] {
    for (let index = 0; index < addresses.length; index++) {
      const address = addresses[index] ?? '';
      if (this.doNotSend.entryFor(address) !== undefined) {
        statuses[index] = SUPPRESSED;
      } else if (this.allowlist.matching(address) !== undefined) {
        statuses[index] = DELIVERABLE;
      }
    }
    return statuses;
  }
}
