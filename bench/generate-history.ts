import 'reflect-metadata';
import { Command } from 'commander';
import { generateHistory } from '@app/testing';
import { projectHistory } from './support/history-cache';
import { nonNegativeInteger, parseInstant, positiveInteger } from './support/option-parsers';

/**
 * Writes a synthetic history into an embedded store, for tests and benchmarks:
 *   node dist/bench/generate-history.js --data-dir DIR --recipients N --events M [--seed S] [--project]
 */
interface Arguments {
  dataDir: string;
  recipients: number;
  events: number;
  seed: number;
  end?: number;
  spanDays: number;
  interleave: number;
  messageTokens: number;
  project?: boolean;
}

async function main(): Promise<void> {
  const args = new Command('generate-history')
    .requiredOption('--data-dir <dir>', 'the DATA_DIR to create the embedded store in (must hold no events)')
    .requiredOption('--recipients <n>', 'recipients (streams)', positiveInteger)
    .requiredOption('--events <n>', 'stored events to aim for, facts and decisions', positiveInteger)
    .option('--seed <n>', 'random seed: the same seed and end give the same history', nonNegativeInteger, 1)
    .option('--end <time>', 'when the history ends (default: now)', parseInstant)
    .option('--span-days <n>', 'how far back the history reaches', positiveInteger, 120)
    .option('--interleave <n>', 'recipients whose events are mixed in time order in the log', positiveInteger, 10_000)
    .option(
      '--message-tokens <n>',
      'distinct per-message tokens in replies (fewer: replies repeat more)',
      positiveInteger,
      100_000,
    )
    .option('--project', 'rebuild the read model afterwards, so the API and the CLI see the history')
    .parse()
    .opts<Arguments>();
  const started = performance.now();
  const result = await generateHistory({
    ...args,
    onProgress: (written, target) => {
      if (process.stderr.isTTY) {
        process.stderr.write(
          `\rgenerated ${written.toLocaleString('en-US')} / ~${target.toLocaleString('en-US')} events`,
        );
      }
    },
  });
  if (process.stderr.isTTY) {
    process.stderr.write('\n');
  }
  if (args.project === true) {
    await projectHistory(args.dataDir);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ ...result, seconds: Number(seconds.toFixed(2)), eventsPerSecond: Math.round(result.events / seconds) })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `generate-history failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
