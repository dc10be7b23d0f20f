import { availableParallelism } from 'node:os';
import { Inject, Injectable } from '@nestjs/common';
import type { Environment } from '@app/recipients';
import { ProblemError } from '../http/problem-details';
import { ENVIRONMENT } from '../stores/tokens';

/** A slot held by one running simulation; releasing it twice is harmless. */
export interface SimulationSlot {
  /** Worker threads this simulation may use: the cores shared out between the slots, at least one. */
  workers: number;
  release(): void;
}

/**
 * At most SIMULATION_CONCURRENCY policy simulations run at once: a simulation replays the whole log, so a few at once
 * already take every core, and more would only queue work behind the checks. One past the limit is refused at once
 * with 429 and a Retry-After of how long the last simulation took (at least a second).
 */
@Injectable()
export class SimulationSlots {
  private running = 0;
  private lastDurationMs = 0;
  private readonly limit: number;
  private readonly workersEach: number;

  constructor(@Inject(ENVIRONMENT) env: Environment) {
    this.limit = env.SIMULATION_CONCURRENCY;
    this.workersEach = Math.max(1, Math.floor(availableParallelism() / this.limit));
  }

  /** A slot, or a 429 `ProblemError` (with `retryAfterSeconds`) when every slot is taken. */
  acquire(): SimulationSlot {
    if (this.running >= this.limit) {
      throw new SimulationsBusyError(this.limit, Math.max(1, Math.ceil(this.lastDurationMs / 1000)));
    }
    this.running++;
    const started = performance.now();
    let released = false;
    return {
      workers: this.workersEach,
      release: () => {
        if (!released) {
          released = true;
          this.running--;
          this.lastDurationMs = performance.now() - started;
        }
      },
    };
  }
}

export class SimulationsBusyError extends ProblemError {
  constructor(
    limit: number,
    readonly retryAfterSeconds: number,
  ) {
    super(
      429,
      'Too Many Requests',
      `${limit} policy simulation${limit === 1 ? ' is' : 's are'} running already (SIMULATION_CONCURRENCY); ` +
        `retry after ${retryAfterSeconds} s. Nothing was simulated`,
    );
  }
}
