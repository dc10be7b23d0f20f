import type { Command } from 'commander';
import { Option } from 'commander';
import { simulatePolicy } from '@app/replay';
import type { RecipientChange } from '@app/replay';
import { CHANGE_CSV_HEADER, changeCsvLine, reportCsv, reportJson, reportTable } from './replay-report';
import { CliError, INTERRUPTED_EXIT_CODE } from './support/cli-error';
import { withCliContext } from './support/cli-context';
import { interruptOnCtrlC } from './support/interrupt';
import { LineWriter, csvLine } from './support/line-writer';
import { nonNegativeInteger, parseInstant, positiveInteger } from './support/option-parsers';
import { readPolicyFile } from './support/policy-file';
import { progressDisplay } from './support/progress';

interface ReplayOptions {
  policy: string;
  format: 'table' | 'json' | 'csv';
  out?: string;
  limit: number;
  workers?: number;
  now?: number;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('Replay every recipient under a candidate policy and report who would change, and why')
    .requiredOption('--policy <file>', 'the candidate policy (JSON)')
    .addOption(new Option('--format <format>', 'report format').choices(['table', 'json', 'csv']).default('table'))
    .option(
      '--out <file>',
      'write every changed recipient here (CSV; NDJSON when the name ends in .json, .ndjson or .jsonl)',
    )
    .option('--limit <n>', 'changed recipients shown in the report', positiveInteger, 20)
    .option(
      '--workers <n>',
      'worker threads for the embedded store (default: one per core for large logs)',
      nonNegativeInteger,
    )
    .option('--now <time>', 'evaluate both policies at this ISO time instead of now', parseInstant)
    .action((options: ReplayOptions) => runReplay(options));
}

async function runReplay(options: ReplayOptions): Promise<void> {
  const candidate = readPolicyFile(options.policy);
  const out = options.out === undefined ? undefined : openChangeFile(options.out);
  const shown: RecipientChange[] = [];
  const progress = progressDisplay('replay', 'events');
  const interrupt = interruptOnCtrlC(() => process.stderr.write('\nStopping: finishing the streams in hand...\n'));
  try {
    const report = await withCliContext((context) =>
      simulatePolicy({
        store: context.stores.eventStore,
        current: context.policy,
        candidate,
        now: options.now ?? Date.now(),
        workers: options.workers,
        signal: interrupt.signal,
        onProgress: ({ events, totalEvents }) => progress.update(events, totalEvents),
        onChange: (change) => {
          out?.write(change);
          if (shown.length < options.limit) {
            shown.push(change);
          }
        },
      }),
    );
    progress.stop();
    const stdout = LineWriter.toStdout();
    const lines =
      options.format === 'json'
        ? [reportJson(report, shown)]
        : options.format === 'csv'
          ? reportCsv(report)
          : reportTable(report, shown, options.out);
    lines.forEach((line) => stdout.line(line));
    stdout.flush();
    if (!report.complete) {
      process.exitCode = INTERRUPTED_EXIT_CODE;
    }
  } finally {
    progress.stop();
    interrupt.release();
    out?.close();
  }
}

function openChangeFile(path: string): { write(change: RecipientChange): void; close(): void } {
  let writer: LineWriter;
  try {
    writer = LineWriter.toFile(path);
  } catch (error) {
    throw new CliError(`cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const json = /\.(json|ndjson|jsonl)$/i.test(path);
  if (!json) {
    writer.line(csvLine(CHANGE_CSV_HEADER));
  }
  return {
    write: (change) => writer.line(json ? JSON.stringify(change) : changeCsvLine(change)),
    close: () => writer.close(),
  };
}
