import type { Command } from 'commander';
import { rebuildReadModel } from '@app/recipients';
import type { DeadLetterSummary } from '@app/read-model';
import { INTERRUPTED_EXIT_CODE } from './support/cli-error';
import { withCliContext } from './support/cli-context';
import { interruptOnCtrlC } from './support/interrupt';
import { positiveInteger } from './support/option-parsers';
import { progressDisplay } from './support/progress';
import { describeRebuildSkipped } from './skipped-events';

interface RebuildOptions {
  batch: number;
  failOnDeadLetters?: boolean;
}

/** Exit code of a rebuild that completed but set events aside, when asked with --fail-on-dead-letters. */
export const DEAD_LETTERS_EXIT_CODE = 3;

export function registerProjectionCommands(program: Command): void {
  const projections = program.command('projections').description('Maintain the read model');
  projections
    .command('rebuild')
    .description('Empty the read model and project the whole event log again from the start')
    .option('--batch <n>', 'events per read-model transaction', positiveInteger, 5000)
    .option(
      '--fail-on-dead-letters',
      `exit with status ${DEAD_LETTERS_EXIT_CODE} when events were set aside as dead letters (they are always reported; ` +
        'by default the rebuild still exits 0)',
    )
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
        `(${outcome.projected.toLocaleString('en-US')} recipient events; ${describeRebuildSkipped(outcome.skippedBy)}).\n`,
    );
    reportDeadLetters(outcome.deadLetters);
    if (outcome.deadLetters.total > 0 && options.failOnDeadLetters === true) {
      process.exitCode = DEAD_LETTERS_EXIT_CODE;
    }
    if (!outcome.complete) {
      process.stdout.write('INTERRUPTED: the read model is partial; run the rebuild again.\n');
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}

/** On stderr, so stdout stays the summary line; each dead letter names where it sits in the log and why. */
function reportDeadLetters({ total, first }: DeadLetterSummary): void {
  if (total === 0) {
    return;
  }
  process.stderr.write(
    `${total.toLocaleString('en-US')} event(s) could not be projected and were set aside as dead letters` +
      `${total > first.length ? ` (the first ${first.length} shown)` : ''}:\n`,
  );
  for (const letter of first) {
    process.stderr.write(`  position ${letter.position}: ${letter.type} in ${letter.streamId}: ${letter.error}\n`);
  }
}
