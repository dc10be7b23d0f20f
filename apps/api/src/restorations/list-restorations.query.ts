import { Inject } from '@nestjs/common';
import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Page, ReadModelStore, RestorationFilter, RestorationRow } from '@app/read-model';
import { READ_MODEL } from '../stores/tokens';

export class ListRestorationsQuery extends Query<Page<RestorationRow>> {
  constructor(readonly filter: RestorationFilter) {
    super();
  }
}

@QueryHandler(ListRestorationsQuery)
export class ListRestorationsHandler implements IQueryHandler<ListRestorationsQuery> {
  constructor(@Inject(READ_MODEL) private readonly readModel: ReadModelStore) {}

  execute({ filter }: ListRestorationsQuery): Promise<Page<RestorationRow>> {
    return this.readModel.listRestorations(filter);
  }
}
