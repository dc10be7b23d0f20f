import { Query } from '@nestjs/cqrs';
import type { Page, SuppressionListFilter } from '@app/read-model';
import type { CheckedAddressResult, SuppressionResponse } from './suppression.response';

export class GetSuppressionQuery extends Query<SuppressionResponse> {
  constructor(readonly address: string) {
    super();
  }
}

/** A bulk check of addresses already normalised (`screenAddresses`), answered in the same order. */
export class CheckSuppressionsQuery extends Query<CheckedAddressResult[]> {
  constructor(readonly addresses: readonly string[]) {
    super();
  }
}

export class ListSuppressionsQuery extends Query<Page<SuppressionResponse>> {
  constructor(readonly filter: Omit<SuppressionListFilter, 'now'>) {
    super();
  }
}
