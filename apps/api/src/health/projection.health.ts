import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { ReadModelStore } from '@app/read-model';
import { RECIPIENT_STATUS_PROJECTION } from '@app/recipients';
import { READ_MODEL } from '../stores/tokens';

/** Named in the readiness answer; the rest are counted. */
const LISTED_DEAD_LETTERS = 3;

/**
 * Readiness: the read model is missing events it set aside as dead letters, so some answers may be wrong until an
 * operator looks. Kept in the read model, so every replica and every restart reports it until a rebuild clears them.
 */
@Injectable()
export class ProjectionHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(READ_MODEL) private readonly readModel: ReadModelStore,
  ) {}

  async noDeadLetters(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('projection');
    try {
      const { total, first } = await this.readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, LISTED_DEAD_LETTERS);
      if (total === 0) {
        return indicator.up();
      }
      const [oldest] = first;
      return indicator.down({
        message:
          `${total} event(s) could not be projected and were set aside as dead letters; the first at position ` +
          `${oldest?.position} (${oldest?.type} in ${oldest?.streamId}): ${oldest?.error}`,
        deadLetters: total,
        first: first.map((letter) => ({ ...letter, position: letter.position.toString() })),
      });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
