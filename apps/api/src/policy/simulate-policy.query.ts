import { Inject } from '@nestjs/common';
import { Query, QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { Policy } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { Clock } from '@app/recipients';
import { EVENT_STORE } from '../stores/tokens';
import { CurrentPolicy } from '@app/recipients';
import { simulatePolicy } from '@app/replay';
import type { RecipientChange, SimulationReport } from '@app/replay';

/** Replays all history under a candidate policy; each changed recipient goes to `onChange` as it is found. */
export class SimulatePolicyQuery extends Query<SimulationReport> {
  constructor(
    readonly candidate: Policy,
    readonly onChange: (change: RecipientChange) => void,
    readonly signal?: AbortSignal,
    /** Worker threads to replay on (where the store offers scan replicas), keeping the request event loop free. */
    readonly workers?: number,
  ) {
    super();
  }
}

@QueryHandler(SimulatePolicyQuery)
export class SimulatePolicyHandler implements IQueryHandler<SimulatePolicyQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
  ) {}

  execute({ candidate, onChange, signal, workers }: SimulatePolicyQuery): Promise<SimulationReport> {
    return simulatePolicy({
      store: this.store,
      current: this.policy.get(),
      candidate,
      now: this.clock.now(),
      onChange,
      signal,
      workers,
    });
  }
}
