import type { Command } from 'commander';
import { rebuildReadModel } from '@app/recipients';
import { INTERRUPTED_EXIT_CODE } from './support/cli-error';
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
      rebuildReadModel(context.stores, options.batch, interrupt.signal, (events) => progress.update(events, undefined)),
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
