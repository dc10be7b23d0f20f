import { availableParallelism } from 'node:os';
import type { Environment } from '@app/recipients';
import { SimulationsBusyError, SimulationSlots } from './simulation-slots';

function slots(concurrency: number): SimulationSlots {
  return new SimulationSlots({ SIMULATION_CONCURRENCY: concurrency } as Environment);
}

describe('SimulationSlots', () => {
  it('hands out SIMULATION_CONCURRENCY slots, refuses the next with 429, and takes one again once released', () => {
    const limited = slots(2);
    const first = limited.acquire();
    limited.acquire();
    const refusal = (() => {
      try {
        limited.acquire();
        return undefined;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(SimulationsBusyError);
    expect(refusal).toMatchObject({ status: 429, retryAfterSeconds: 1 });
    expect((refusal as Error).message).toMatch(/^2 policy simulations are running already \(SIMULATION_CONCURRENCY\)/);
    first.release();
    expect(() => limited.acquire()).not.toThrow();
  });

  it('frees a slot once however often it is released', () => {
    const limited = slots(1);
    const slot = limited.acquire();
    slot.release();
    slot.release();
    limited.acquire();
    expect(() => limited.acquire()).toThrow(SimulationsBusyError);
  });

  it('shares the cores out between the slots, one worker thread each at least', () => {
    expect(slots(1).acquire().workers).toBe(availableParallelism());
    expect(slots(availableParallelism() + 1).acquire().workers).toBe(1);
  });
});
