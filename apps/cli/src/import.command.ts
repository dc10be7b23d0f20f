import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandTrace, RecipientCommandLoop } from '@app/recipients';
import { importCommand } from './importers/import-command';
import type { ImportedSuppression } from './importers/suppression-list';
import { parseSuppressionList } from './importers/suppression-list';
import type { ImportFormat } from './importers/suppression-format';
import { IMPORT_FORMATS } from './importers/suppression-format';
import { formatProblem } from './importers/source-record';
import { CliError, INTERRUPTED_EXIT_CODE } from './support/cli-error';
import { withCliContext } from './support/cli-context';
import { interruptOnCtrlC } from './support/interrupt';
import { parseInstant } from './support/option-parsers';
import { progressDisplay } from './support/progress';

/** Appends in flight at once: enough for the store's group commit to share fsyncs between them. */
const CONCURRENCY = 64;
const SHOWN_PROBLEMS = 50;

interface ImportOptions {
  format: ImportFormat;
  by: string;
  reason?: string;
  defaultDate?: number;
  skipInvalid?: boolean;
}

interface ImportTally {
  suppressed: number;
  alreadySuppressed: number;
  alreadyImported: number;
  /** Recorded without suppressing: unsubscribes from one list. */
  listUnsubscribes: number;
  rejected: string[];
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("Import another system's suppression list, keeping each entry's original reason and date")
    .argument('<file>', 'the export to import (CSV, or JSON where the provider exports JSON)')
    .addOption(new Option('--format <format>', 'who produced the file').choices(IMPORT_FORMATS).makeOptionMandatory())
    .option('--by <name>', 'recorded as who imported the entries', 'import')
    .option('--reason <text>', "reason for entries that carry none (default: the format's own)")
    .option('--default-date <time>', 'date for entries that carry none (ISO 8601)', parseInstant)
    .option('--skip-invalid', 'import the valid entries even when others are malformed')
    .action((file: string, options: ImportOptions) => runImport(file, options));
}

async function runImport(file: string, options: ImportOptions): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseSuppressionList(options.format, text, {
    defaultReason: options.reason,
    defaultDate: options.defaultDate === undefined ? undefined : new Date(options.defaultDate).toISOString(),
  });
  if (parsed.problems.length > 0) {
    const shown = parsed.problems.slice(0, SHOWN_PROBLEMS).map((problem) => `  ${file}: ${formatProblem(problem)}`);
    const more =
      parsed.problems.length > SHOWN_PROBLEMS ? [`  ... and ${parsed.problems.length - SHOWN_PROBLEMS} more`] : [];
    const message = `${parsed.problems.length} malformed entr${parsed.problems.length === 1 ? 'y' : 'ies'}:\n${[...shown, ...more].join('\n')}`;
    if (options.skipInvalid !== true) {
      throw new CliError(`${message}\nNothing was imported; fix the file or pass --skip-invalid.`);
    }
    process.stderr.write(`${message}\nSkipping them (--skip-invalid).\n`);
  }
  const progress = progressDisplay('import', 'entries');
  const interrupt = interruptOnCtrlC();
  const tally: ImportTally = {
    suppressed: 0,
    alreadySuppressed: 0,
    alreadyImported: 0,
    listUnsubscribes: 0,
    rejected: [],
  };
  try {
    const done = await withCliContext(async (context) => {
      const loop = context.commandLoop();
      const trace: CommandTrace = { source: 'cli:import', correlationId: randomUUID() };
      return importAll(parsed.entries, (entry) => importOne(loop, trace, entry, options, file, tally), {
        signal: interrupt.signal,
        onProgress: (count) => progress.update(count, parsed.entries.length),
      });
    });
    progress.stop();
    const n = (value: number): string => value.toLocaleString('en-US');
    process.stdout.write(
      `Imported ${n(done)} of ${n(parsed.entries.length)} entries from ${file}: ${n(tally.suppressed)} newly ` +
        `suppressed, ${n(tally.alreadySuppressed)} already suppressed, ${n(tally.alreadyImported)} already imported, ` +
        (tally.listUnsubscribes > 0 ? `${n(tally.listUnsubscribes)} unsubscribed from one list only, ` : '') +
        `${n(tally.rejected.length)} rejected.\n`,
    );
    tally.rejected.forEach((line) => process.stderr.write(`  ${line}\n`));
    if (interrupt.signal.aborted) {
      process.exitCode = INTERRUPTED_EXIT_CODE;
    } else if (tally.rejected.length > 0) {
      process.exitCode = 1;
    }
  } finally {
    progress.stop();
    interrupt.release();
  }
}

async function importOne(
  loop: RecipientCommandLoop,
  trace: CommandTrace,
  entry: ImportedSuppression,
  options: ImportOptions,
  file: string,
  tally: ImportTally,
): Promise<void> {
  const { address, meaning } = entry;
  const { decision } = await loop.execute(importCommand(entry, options.format, options.by), undefined, trace);
  switch (decision.outcome) {
    case 'recorded':
      if (decision.decisions.some((event) => event.type === 'RecipientSuppressed')) {
        tally.suppressed++;
      } else if (meaning.kind === 'unsubscribe' && meaning.list !== undefined) {
        tally.listUnsubscribes++;
      } else {
        tally.alreadySuppressed++;
      }
      return;
    case 'duplicate':
      tally.alreadyImported++;
      return;
    case 'rejected':
      tally.rejected.push(`${file}: line ${entry.line}: ${address}: ${decision.message}`);
      return;
    case 'not_recorded':
      return;
    default: {
      const unknown: never = decision;
      return unknown;
    }
  }
}

/**
 * Runs up to CONCURRENCY entries at once. Entries for one address run one after another, in file order: running
 * them together would only make them conflict on the stream's revision.
 */
async function importAll(
  entries: readonly ImportedSuppression[],
  run: (entry: ImportedSuppression) => Promise<void>,
  options: { signal: AbortSignal; onProgress: (done: number) => void },
): Promise<number> {
  const byAddress = new Map<string, ImportedSuppression[]>();
  for (const entry of entries) {
    const list = byAddress.get(entry.address) ?? [];
    list.push(entry);
    byAddress.set(entry.address, list);
  }
  const queue = [...byAddress.values()];
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    for (let group = queue[next++]; group !== undefined && !options.signal.aborted; group = queue[next++]) {
      for (const entry of group) {
        await run(entry);
        options.onProgress(++done);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return done;
}
