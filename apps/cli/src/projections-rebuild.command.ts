import type { Command } from 'commander';
import type { ProjectedEvent } from '@app/read-model';
import { isProjected, RECIPIENT_STATUS_PROJECTION, toProjectedEvent } from '@app/recipients';
import { INTERRUPTED_EXIT_CODE } from './support/cli-error';
import type { CliContext } from './support/cli-context';
import { withCliContext } from './support/cli-context';
import { interruptOnCtrlC } from './support/interrupt';
import { positiveInteger } from './support/option-parsers';
import { progressDisplay } from './support/progress';

interface RebuildOptions {
  batch: number;
}

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('Maintain the read model');
  projections
    .command('rebuild')
    .description('Empty the read model and project the whole event log again from the start')
    .option('--batch <n>', 'events per read-model transaction', positiveInteger, 5000)
    .action((options: RebuildOptions) => runRebuild(options));
}

async function runRebuild(options: RebuildOptions): Promise<void> {
  const progress = progressDisplay('rebuild', 'events');
  const interrupt = interruptOnCtrlC(() => process.stderr.write('\nStopping after the current batch...\n'));
  try {
    const outcome = await withCliContext((context) =>
      rebuildReadModel(context, options.batch, interrupt.signal, (events) => progress.update(events, undefined)),
    );
    progress.stop();
    process.stdout.write(
      `Rebuilt the read model from ${outcome.events.toLocaleString('en-US')} events ` +
        `(${outcome.projected.toLocaleString('en-US')} recipient events).\n`,
    );
    if (!outcome.complete) {
      process.stdout.write('INTERRUPTED: the read model is partial; run the rebuild again.\n');
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}

/**
 * Resets the read model and replays the log through the projection in batches, each committed with its checkpoint,
 * exactly as the projector would have applied it; the result is the rows a projection from scratch produces.
 */
export async function rebuildReadModel(
  { stores }: Pick<CliContext, 'stores'>,
  batchSize: number,
  signal?: AbortSignal,
  onProgress?: (events: number) => void,
): Promise<{ events: number; projected: number; complete: boolean }> {
  const { eventStore, readModel } = stores;
  await readModel.reset();
  let batch: ProjectedEvent[] = [];
  let events = 0;
  let projected = 0;
  let last: bigint | undefined;
  const commit = async (): Promise<void> => {
    if (last !== undefined) {
      await readModel.project(batch, { name: RECIPIENT_STATUS_PROJECTION, position: last });
    }
    projected += batch.length;
    batch = [];
    onProgress?.(events);
  };
  for await (const recorded of eventStore.readAll({ pageSize: batchSize })) {
    events++;
    last = recorded.position;
    if (isProjected(recorded)) {
      batch.push(toProjectedEvent(recorded));
    }
    if (events % batchSize === 0) {
      await commit();
      if (signal?.aborted === true) {
        return { events, projected, complete: false };
      }
    }
  }
  await commit();
  return { events, projected, complete: true };
}
