import { Query } from '@nestjs/cqrs';
import type { CheckedStatus, Page, SuppressionListFilter } from '@app/read-model';
import type { SuppressionResponse } from './suppression.response';

export class GetSuppressionQuery extends Query<SuppressionResponse> {
  constructor(readonly address: string) {
    super();
  }
}

/**
 * A bulk check of addresses already normalised (`screenAddresses`), answered in the same order. The answers are
 * mostly the read model's shared constants (`DELIVERABLE`), not an object per address.
 */
export class CheckSuppressionsQuery extends Query<CheckedStatus[]> {
  constructor(readonly addresses: readonly string[]) {
    super();
  }
}

export class ListSuppressionsQuery extends Query<Page<SuppressionResponse>> {
  constructor(readonly filter: Omit<SuppressionListFilter, 'now'>) {
    super();
  }
}
