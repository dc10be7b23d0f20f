import type { Command } from 'commander';
import { Option } from 'commander';
import type { Options as CsvOptions } from 'csv-stringify/sync';
import { stringify } from 'csv-stringify/sync';
import type { Policy } from '@app/domain';
import { SUPPRESSION_CAUSES, isFact } from '@app/domain';
import type { RecipientStatusRow } from '@app/read-model';
import { rowStatusAt } from '@app/read-model';
import type { EventStore } from '@app/event-store';
import { readRecipientStream } from '@app/recipients';
import { CliError } from './support/cli-error';
import { withCliContext } from './support/cli-context';
import { LineWriter } from './support/line-writer';

const PAGE_SIZE = 1000;
export const EXPORT_COLUMNS = ['address', 'status', 'cause', 'reason', 'date', 'since', 'until', 'restored'] as const;
/** csv-stringify writes `true` as 1 and `false` as an empty field unless told otherwise; the export writes the words. */
const CSV_OPTIONS: CsvOptions = { eof: false, cast: { boolean: (value) => String(value) } };

interface ExportOptions {
  format: 'csv' | 'ndjson';
  out?: string;
  status?: 'suppressed' | 'quarantined';
  cause?: (typeof SUPPRESSION_CAUSES)[number];
}

type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | boolean | null>;

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write the current suppression list (everyone who must not be sent to now)')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'ndjson']).default('csv'))
    .option('--out <file>', 'write to this file instead of stdout')
    .addOption(new Option('--status <status>', 'only this status').choices(['suppressed', 'quarantined']))
    .addOption(new Option('--cause <cause>', 'only this suppression cause').choices([...SUPPRESSION_CAUSES]))
    .action((options: ExportOptions) => runExport(options));
}

async function runExport(options: ExportOptions): Promise<void> {
  let writer: LineWriter;
  try {
    writer = options.out === undefined ? LineWriter.toStdout() : LineWriter.toFile(options.out);
  } catch (error) {
    throw new CliError(`cannot write ${options.out}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    if (options.format === 'csv') {
      writer.line(stringify([[...EXPORT_COLUMNS]], CSV_OPTIONS));
    }
    const count = await withCliContext(async ({ stores, policy }) => {
      const now = Date.now();
      let cursor: string | undefined;
      let written = 0;
      do {
        const page = await stores.readModel.listSuppressions({
          status: options.status,
          cause: options.cause,
          cursor,
          limit: PAGE_SIZE,
          now: new Date(now).toISOString(),
        });
        const entries: ExportRow[] = [];
        for (const row of page.items) {
          entries.push(await exportRow(stores.eventStore, row, policy, now));
        }
        if (entries.length > 0) {
          // A page at a time: one stringifier per page, not per row.
          writer.line(
            options.format === 'csv'
              ? stringify(entries, { ...CSV_OPTIONS, columns: [...EXPORT_COLUMNS] })
              : entries.map((entry) => JSON.stringify(entry)).join('\n'),
          );
        }
        written += entries.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return written;
    });
    if (options.out !== undefined) {
      process.stderr.write(`Exported ${count.toLocaleString('en-US')} suppressions to ${options.out}.\n`);
    }
  } finally {
    writer.close();
  }
}

/** Suppressions dated by the fact behind them (an import, a complaint, an unsubscribe), not by the decision. */
const FACT_DATED_CAUSES: ReadonlySet<string | null> = new Set(['imported', 'complaint', 'unsubscribed']);

/**
 * `date` is when the suppression happened: for an imported one, the date the other system recorded, and for a
 * complaint or an unsubscribe, when the recipient made it (kept in the fact, so it is read from the stream);
 * otherwise when this service decided it.
 */
async function exportRow(store: EventStore, row: RecipientStatusRow, policy: Policy, now: number): Promise<ExportRow> {
  const view = rowStatusAt(row, policy, now);
  let date = row.since;
  const { standing } = row.state;
  if (FACT_DATED_CAUSES.has(row.cause) && standing.kind === 'suppressed') {
    const events = await readRecipientStream(store, row.streamId);
    const fact = events
      .map(({ event }) => event)
      .find((event) => isFact(event) && standing.evidence.includes(event.eventId));
    date = fact !== undefined && isFact(fact) ? fact.data.occurredAt : date;
  }
  return {
    address: row.address,
    status: view.status,
    cause: row.cause,
    reason: row.reason,
    date,
    since: row.since,
    until: view.until ?? null,
    restored: row.restored,
  };
}
