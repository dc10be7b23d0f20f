import { Logger } from '@nestjs/common';
import type { ProjectorObserver } from '@app/recipients';
import type { ProjectionMetrics } from './projection-metrics';

const ROLE_MESSAGES = {
  active: 'Projecting: this process holds the projection lease',
  standby: 'Standing by: another process holds the projection lease',
  none: 'Not projecting: the read model cannot be reached to ask for the projection lease; asking again until it answers',
} as const;

/**
 * What the projector reports, turned into metrics and log lines: a failure is logged when it starts and once more
 * when projecting recovers, not at every retry; each dead letter is logged and counted; taking or losing the
 * projection lease is logged; progress (checkpoint, log head, backlog, oldest pending event) sets the gauges.
 */
export function projectorObserver(metrics: ProjectionMetrics, logger = new Logger('Projector')): ProjectorObserver {
  return {
    committed: (position, lags) => {
      metrics.checkpoint.set(Number(position));
      lags.forEach((lag) => metrics.lagSeconds.observe(lag));
    },
    failed: (error) => {
      logger.error(`Projection is failing, retrying: ${error instanceof Error ? error.message : String(error)}`);
    },
    recovered: () => {
      logger.log('Projection recovered');
    },
    roleChanged: (role) => {
      logger.log(ROLE_MESSAGES[role ?? 'none']);
    },
    progress: (progress) => {
      metrics.checkpoint.set(Number(progress.position));
      metrics.oldestPendingSeconds.set(progress.lagMs / 1000);
      if (progress.head !== undefined && progress.backlog !== undefined) {
        metrics.logHead.set(Number(progress.head));
        metrics.backlog.set(progress.backlog);
      }
    },
    deadLettered: (letter) => {
      metrics.deadLetters.inc();
      logger.error(
        `Event at position ${letter.position} (${letter.type} in ${letter.streamId}) set aside as a dead letter: ` +
          letter.error,
      );
    },
  };
}
