import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Page, ReadModelStore } from '@app/read-model';
import { normaliseAddress } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { CurrentPolicy } from '@app/recipients';
import { Clock } from '@app/recipients';
import { normalisedAddress } from '../recipients/normalised-address';
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
  ) {}

  async execute({ address }: GetSuppressionQuery): Promise<SuppressionResponse> {
    const normalised = normalisedAddress(address);
    return toSuppressionResponse(
      normalised,
      await this.readModel.getRecipient(normalised),
      this.policy.get(),
      this.clock.now(),
    );
  }
}

@QueryHandler(CheckSuppressionsQuery)
export class CheckSuppressionsHandler implements IQueryHandler<CheckSuppressionsQuery> {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ addresses }: CheckSuppressionsQuery): Promise<SuppressionResponse[]> {
    const normalised = normaliseAll(addresses);
    const rows = await this.readModel.getRecipients(normalised);
    const policy = this.policy.get();
    const now = this.clock.now();
    return normalised.map((address) => {
      const { suppressed, status } = toSuppressionResponse(address, rows.get(address) ?? null, policy, now);
      return { address, suppressed, status } as SuppressionResponse;
    });
  }
}

@QueryHandler(ListSuppressionsQuery)
export class ListSuppressionsHandler implements IQueryHandler<ListSuppressionsQuery> {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  async execute({ filter }: ListSuppressionsQuery): Promise<Page<SuppressionResponse>> {
    const policy = this.policy.get();
    const now = this.clock.now();
    const page = await this.readModel.listSuppressions({ ...filter, now: new Date(now).toISOString() });
    return {
      items: page.items.map((row) => toSuppressionResponse(row.address, row, policy, now)),
      nextCursor: page.nextCursor,
    };
  }
}

/** Normalises every address, naming each bad one by its index; one bad address rejects the whole check. */
function normaliseAll(addresses: readonly string[]): string[] {
  const problems: { field: string; message: string }[] = [];
  const normalised = addresses.map((address, index) => {
    const result = normaliseAddress(address);
    if (result.ok) {
      return result.address;
    }
    problems.push({ field: `addresses[${index}]`, message: result.message });
    return '';
  });
  if (problems.length > 0) {
    throw ProblemError.badRequest(`${problems.length} invalid address(es)`, problems.slice(0, 100));
  }
  return normalised;
}
