import type { Command } from 'commander';
import { canonicalJson } from '@app/domain';
import { reevaluateRecipients } from '@app/replay';
import { recordAdoption } from '@app/recipients';
import { CliError, INTERRUPTED_EXIT_CODE } from './support/cli-error';
import { withCliContext } from './support/cli-context';
import { interruptOnCtrlC } from './support/interrupt';
import { readPolicyFile } from './support/policy-file';
import { progressDisplay } from './support/progress';

interface AdoptOptions {
  by: string;
}

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('Manage the policy in force');
  policy
    .command('adopt')
    .description('Adopt a policy: record it, then re-evaluate every recipient whose standing it changes')
    .argument('<file>', 'the policy to adopt (JSON)')
    .requiredOption('--by <name>', 'who adopts it (kept in the adoption and in the audit)')
    .action((file: string, options: AdoptOptions) => runAdopt(file, options));
}

async function runAdopt(file: string, options: AdoptOptions): Promise<void> {
  const policy = readPolicyFile(file);
  const by = options.by.trim();
  if (by === '') {
    throw new CliError('--by must name who adopts the policy');
  }
  const progress = progressDisplay('re-evaluate', 'events');
  const interrupt = interruptOnCtrlC(() =>
    process.stderr.write('\nStopping: recipients not yet re-evaluated keep their standing until the next adoption.\n'),
  );
  try {
    // The read model holds no policy: running services answer under the adopted one as soon as they follow it.
    const { previous, outcome } = await withCliContext(async (context) => {
      const now = Date.now();
      if (canonicalJson(context.policy.document) === canonicalJson(policy.document)) {
        process.stderr.write(
          `Policy ${policy.version} is already in force; re-evaluating without recording it again.\n`,
        );
      } else {
        await recordAdoption(context.stores.eventStore, policy, by, now);
      }
      const reevaluated = await reevaluateRecipients({
        store: context.stores.eventStore,
        adoption: { policy, previous: context.policy, by, now },
        signal: interrupt.signal,
        onProgress: ({ events }) => progress.update(events, undefined),
      });
      return { previous: context.policy, outcome: reevaluated };
    });
    progress.stop();
    process.stdout.write(
      `Adopted policy ${policy.version} (by ${by}, replacing ${previous.version}). Replayed ` +
        `${outcome.recipients.toLocaleString('en-US')} recipients (${outcome.events.toLocaleString('en-US')} events): ` +
        `${outcome.reevaluated.toLocaleString('en-US')} changed and now carry "re-evaluated under policy ` +
        `${policy.version} by ${by}"; every other recipient keeps its decisions` +
        `${outcome.retried > 0 ? `; ${outcome.retried} appends retried after concurrent commands` : ''}.\n`,
    );
    if (!outcome.complete) {
      process.stdout.write('INTERRUPTED: run the adoption again to re-evaluate the remaining recipients.\n');
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}
