import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Policy } from '@app/domain';
import type { CheckedStatus, Page, ReadModelStore } from '@app/read-model';
import { rowStatusAt } from '@app/read-model';
import { CurrentPolicy } from '@app/recipients';
import { Clock } from '@app/recipients';
import { normalisedAddress } from '../recipients/normalised-address';
import { isInNormalForm } from './normal-form-address';
import { RecipientOverlay } from '../erasure/recipient-overlay';
import { READ_MODEL } from '../stores/tokens';
import { CheckSuppressionsQuery, GetSuppressionQuery, ListSuppressionsQuery } from './suppression-queries';
import type { SuppressionResponse } from './suppression.response';
import { toSuppressionResponse } from './suppression.response';

@QueryHandler(GetSuppressionQuery)
export class GetSuppressionHandler implements IQueryHandler<GetSuppressionQuery> {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
    private readonly overlay: RecipientOverlay,
  ) {}

  async execute({ address }: GetSuppressionQuery): Promise<SuppressionResponse> {
    const normalised = isInNormalForm(address) ? address : normalisedAddress(address);
    return this.overlay.answer(
      toSuppressionResponse(
        normalised,
        await this.readModel.getRecipient(normalised),
        this.policy.get(),
        this.clock.now(),
      ),
    );
  }
}

@QueryHandler(CheckSuppressionsQuery)
export class CheckSuppressionsHandler implements IQueryHandler<CheckSuppressionsQuery> {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
    private readonly overlay: RecipientOverlay,
  ) {}

  async execute({ addresses }: CheckSuppressionsQuery): Promise<CheckedStatus[]> {
    const policy = this.policy.get();
    const now = this.clock.now();
    return this.overlay.statuses(addresses, await this.statuses(addresses, policy, now));
  }

  /** From the read model's index where it keeps one (no row read per address), from the rows otherwise. */
  private async statuses(addresses: readonly string[], policy: Policy, now: number): Promise<CheckedStatus[]> {
    if (this.readModel.checkStatuses !== undefined) {
      return this.readModel.checkStatuses(addresses, policy, now);
    }
    const rows = await this.readModel.getRecipients(addresses);
    return addresses.map((address) => rowStatusAt(rows.get(address) ?? null, policy, now));
  }
}

/**
 * The recorded suppressions and quarantines, each answered as a check of its address would be: an allowlisted one
 * stays listed (its suppression is recorded) but answers deliverable with `allowlisted: true`.
 */
@QueryHandler(ListSuppressionsQuery)
export class ListSuppressionsHandler implements IQueryHandler<ListSuppressionsQuery> {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
    private readonly overlay: RecipientOverlay,
  ) {}

  async execute({ filter }: ListSuppressionsQuery): Promise<Page<SuppressionResponse>> {
    const policy = this.policy.get();
    const now = this.clock.now();
    const page = await this.readModel.listSuppressions({ ...filter, now: new Date(now).toISOString() });
    return {
      items: page.items.map((row) => this.overlay.answer(toSuppressionResponse(row.address, row, policy, now))),
      nextCursor: page.nextCursor,
      ...(page.total === undefined ? {} : { total: page.total }),
    };
  }
}
