import { Query } from '@nestjs/cqrs';
import type { RecipientHistoryResponse, RecipientStateResponse } from './recipient.responses';

export class GetRecipientQuery extends Query<RecipientStateResponse> {
  constructor(readonly address: string) {
    super();
  }
}

export class GetRecipientHistoryQuery extends Query<RecipientHistoryResponse> {
  constructor(readonly address: string) {
    super();
  }
}
