import type { Command } from 'commander';
import { discardReplayFacts } from '@app/replay';
import { DoNotSendRegistry, RecipientErasure, RecipientStateCache } from '@app/recipients';
import { CliError } from './support/cli-error';
import { withCliContext } from './support/cli-context';

interface EraseOptions {
  by: string;
  reason: string;
  keepSuppression?: boolean;
}

export function registerEraseCommand(program: Command): void {
  program
    .command('erase')
    .description(
      'Erase a recipient: its address and every event about it leave the log and the read model; a keyed hash ' +
        'may stay on the do-not-send list so checks still answer suppressed (cause erased)',
    )
    .argument('<address>', 'the address to erase')
    .requiredOption('--by <name>', 'who erases it')
    .requiredOption('--reason <text>', 'why, e.g. the request it answers')
    .option('--keep-suppression', 'keep it on the do-not-send list (default: when it is suppressed or quarantined)')
    .option('--no-keep-suppression', 'keep nothing, even if it is suppressed')
    .action((address: string, options: EraseOptions) => runErase(address, options));
}

async function runErase(address: string, options: EraseOptions): Promise<void> {
  const outcome = await withCliContext(async (context) => {
    const { eventStore, readModel } = context.stores;
    const addressHashKey = context.addressHashKey();
    const doNotSend = new DoNotSendRegistry(eventStore, addressHashKey);
    await doNotSend.follow();
    try {
      const erasure = new RecipientErasure({
        store: eventStore,
        readModel,
        addressHashKey,
        // A running service drops its own cached state when it reads the erasure from the log.
        cache: new RecipientStateCache(0),
        doNotSend,
        now: () => Date.now(),
        discardDerived: () => Promise.resolve(discardReplayFacts(eventStore)),
      });
      const { by, reason, keepSuppression } = options;
      return await erasure.erase({ address, by, reason, keepSuppression });
    } finally {
      await doNotSend.close();
    }
  });
  if (outcome.outcome === 'rejected') {
    throw new CliError(`${outcome.field === 'address' ? '<address>' : `--${outcome.field}`}: ${outcome.message}`);
  }
  const kept = outcome.keepSuppression ? 'kept on the do-not-send list' : 'not kept on the do-not-send list';
  process.stdout.write(`Erased ${outcome.erasedEvents} events (erasure ${outcome.eventId}); ${kept}.\n`);
  if (outcome.scavenge !== undefined) {
    process.stdout.write(
      outcome.scavenge.started
        ? `Scavenge ${outcome.scavenge.scavengeId} started; the events leave the server's files once it has run.\n`
        : `No scavenge was started (${outcome.scavenge.reason}); run one to remove the events from the server's files.\n`,
    );
  }
}
