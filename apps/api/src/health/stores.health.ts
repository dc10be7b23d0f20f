import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { EventStore } from '@app/event-store';
import type { ReadModelStore } from '@app/read-model';
import { EVENT_STORE, READ_MODEL } from '../stores/tokens';

/** Readiness: both stores answer. */
@Injectable()
export class StoresHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
  ) {}

  async eventStoreReady(): Promise<HealthIndicatorResult> {
    return this.check('eventStore', () => this.eventStore.ping());
  }

  async readModelReady(): Promise<HealthIndicatorResult> {
    return this.check('readModel', () => this.readModel.ping());
  }

  private async check(key: string, ping: () => Promise<void>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await ping();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
