import type { Command } from 'commander';
import type { AllowlistOutcome } from '@app/recipients';
import { AllowlistRegistry } from '@app/recipients';
import { CliError } from './support/cli-error';
import { withCliContext } from './support/cli-context';

interface ChangeOptions {
  by: string;
  reason: string;
}

export function registerAllowlistCommand(program: Command): void {
  const allowlist = program
    .command('allowlist')
    .description('Addresses and domains that are never suppressed (kept as events; a running service follows them)');
  allowlist
    .command('add')
    .description('Allowlist an address or a domain (that domain only, not its subdomains)')
    .argument('<entry>', 'an address or a domain')
    .requiredOption('--by <name>', 'who adds it')
    .requiredOption('--reason <text>', 'why')
    .action((entry: string, options: ChangeOptions) => runChange('add', entry, options));
  allowlist
    .command('remove')
    .description('Take an address or a domain off the allowlist')
    .argument('<entry>', 'the entry, as allowlist list shows it')
    .requiredOption('--by <name>', 'who removes it')
    .requiredOption('--reason <text>', 'why')
    .action((entry: string, options: ChangeOptions) => runChange('remove', entry, options));
  allowlist
    .command('list')
    .description('Every entry, with who added it, why and when')
    .action(() => runList());
}

async function withAllowlist<T>(work: (allowlist: AllowlistRegistry) => Promise<T>): Promise<T> {
  return withCliContext(async (context) => {
    const allowlist = new AllowlistRegistry(context.stores.eventStore, () => Date.now());
    await allowlist.follow();
    try {
      return await work(allowlist);
    } finally {
      await allowlist.close();
    }
  });
}

async function runChange(change: 'add' | 'remove', entry: string, options: ChangeOptions): Promise<void> {
  const request = { entry, by: options.by, reason: options.reason };
  const outcome: AllowlistOutcome = await withAllowlist((allowlist) =>
    change === 'add' ? allowlist.add(request) : allowlist.remove(request),
  );
  if (outcome.outcome === 'rejected') {
    throw new CliError(`${outcome.field === 'entry' ? '<entry>' : `--${outcome.field}`}: ${outcome.message}`);
  }
  const done = { added: 'Added', removed: 'Removed', unchanged: 'Already on the allowlist:' }[outcome.outcome];
  process.stdout.write(`${done} ${outcome.entry?.entry ?? entry}.\n`);
}

async function runList(): Promise<void> {
  const entries = await withAllowlist((allowlist) => Promise.resolve(allowlist.list()));
  process.stdout.write('entry\tkind\tby\treason\tsince\n');
  for (const { entry, kind, by, reason, since } of entries) {
    process.stdout.write(`${entry}\t${kind}\t${by}\t${reason}\t${since}\n`);
  }
}
