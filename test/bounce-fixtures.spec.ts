/**
 * The bounce evidence table: real-world reply lines with the verdict their sources and the reference rules give
 * (test/fixtures/bounces/README.md). The expectations never come from the classifier; this spec measures it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BOUNCE_CLASSES, BOUNCE_REASONS, classifyBounce } from '@app/domain';
import type { BounceClass, BounceReason, Classification } from '@app/domain';

const TABLE_DIRECTORY = join(__dirname, 'fixtures', 'bounces');
const MINIMUM_ROWS = 500;
const ESP_PROVIDERS = ['ses', 'sendgrid', 'mailgun', 'postmark', 'mta'];
const STATUS_CODE = /^[245]\.\d{1,3}\.\d{1,3}$/;
const NAME_REPLY_LENGTH = 80;

interface FixtureRow {
  readonly reply: string;
  readonly status?: string;
  readonly provider?: string;
  readonly expect: { readonly class: BounceClass; readonly reason: BounceReason; readonly counts: boolean };
  readonly accept: readonly BounceReason[];
  readonly system: string;
  readonly source: string;
  readonly why: string;
}

interface LocatedRow {
  readonly name: string;
  readonly row: FixtureRow;
}

interface TableLoad {
  readonly rows: LocatedRow[];
  readonly problems: string[];
}

function loadTable(): TableLoad {
  const rows: LocatedRow[] = [];
  const problems: string[] = [];
  const files = readdirSync(TABLE_DIRECTORY)
    .filter((file) => file.endsWith('.jsonl'))
    .sort();
  for (const file of files) {
    const lines = readFileSync(join(TABLE_DIRECTORY, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') {
        return;
      }
      const where = `${file}:${index + 1}`;
      const parsed = parseRow(line);
      if (typeof parsed === 'string') {
        problems.push(`${where} ${parsed}`);
        return;
      }
      const reply = parsed.reply.replace(/\s+/g, ' ');
      const shortReply = reply.length > NAME_REPLY_LENGTH ? `${reply.slice(0, NAME_REPLY_LENGTH)}…` : reply;
      rows.push({ name: `${where} ${parsed.system}: ${shortReply}`, row: parsed });
    });
  }
  return { rows, problems };
}

/** The row, or a sentence naming the first field that is wrong. */
function parseRow(line: string): FixtureRow | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not valid JSON';
  }
  if (!isRecord(value)) {
    return 'is not a JSON object';
  }
  const { reply, status, provider, expect: expected, accept, system, source, why } = value;
  if (!isText(reply)) {
    return '"reply" must be a non-empty string';
  }
  if (status !== undefined && !(typeof status === 'string' && STATUS_CODE.test(status))) {
    return '"status" must be an enhanced status code such as 5.1.1';
  }
  if (provider !== undefined && !(typeof provider === 'string' && ESP_PROVIDERS.includes(provider))) {
    return `"provider" must be one of ${ESP_PROVIDERS.join(', ')}`;
  }
  if (!isRecord(expected)) {
    return '"expect" must be an object';
  }
  if (!isBounceClass(expected.class)) {
    return `"expect.class" must be one of ${BOUNCE_CLASSES.join(', ')}`;
  }
  if (!isBounceReason(expected.reason)) {
    return '"expect.reason" must be one of BOUNCE_REASONS';
  }
  if (typeof expected.counts !== 'boolean') {
    return '"expect.counts" must be true or false';
  }
  if (accept !== undefined && !(Array.isArray(accept) && accept.every(isBounceReason))) {
    return '"accept" must be a list of BOUNCE_REASONS';
  }
  if (!isText(system)) {
    return '"system" must be a non-empty string';
  }
  if (!isText(source)) {
    return '"source" must be a non-empty string';
  }
  if (!isText(why)) {
    return '"why" must be a non-empty string';
  }
  return {
    reply,
    ...(status === undefined ? {} : { status }),
    ...(provider === undefined ? {} : { provider }),
    expect: { class: expected.class, reason: expected.reason, counts: expected.counts },
    accept: accept ?? [],
    system,
    source,
    why,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isBounceClass(value: unknown): value is BounceClass {
  return (BOUNCE_CLASSES as readonly unknown[]).includes(value);
}

function isBounceReason(value: unknown): value is BounceReason {
  return (BOUNCE_REASONS as readonly unknown[]).includes(value);
}

function classify(row: FixtureRow): Classification {
  return classifyBounce({
    smtp: { diagnostic: row.reply },
    dsnStatus: row.status,
    providerVerdict: row.provider ? { provider: row.provider } : undefined,
  });
}

function reasonAccepted(row: FixtureRow, result: Classification): boolean {
  return result.reason === row.expect.reason || row.accept.includes(result.reason);
}

function share(hits: number, total: number): string {
  const percent = total === 0 ? 'n/a' : `${((100 * hits) / total).toFixed(1)}%`;
  return `${hits}/${total} (${percent})`;
}

/** The three headline figures over the whole table, so progress on the classifier can be tracked between runs. */
function describeAgreement(rows: readonly LocatedRow[]): string {
  let reasonHits = 0;
  let hardRows = 0;
  let hardHits = 0;
  let notCountingRows = 0;
  let notCountingHits = 0;
  for (const { row } of rows) {
    const result = classify(row);
    if (reasonAccepted(row, result)) {
      reasonHits++;
    }
    if (row.expect.class === 'hard' && row.expect.counts) {
      hardRows++;
      if (result.class === 'hard' && result.countsAgainstRecipient) {
        hardHits++;
      }
    }
    if (!row.expect.counts) {
      notCountingRows++;
      if (!result.countsAgainstRecipient) {
        notCountingHits++;
      }
    }
  }
  return [
    `Bounce evidence table, ${rows.length} rows:`,
    `  reason agreement:                   ${share(reasonHits, rows.length)}`,
    `  hard-bounce recall:                 ${share(hardHits, hardRows)}`,
    `  sender-side correctly not counted:  ${share(notCountingHits, notCountingRows)}`,
  ].join('\n');
}

const table = loadTable();

describe('bounce evidence table', () => {
  afterAll(() => {
    console.log(describeAgreement(table.rows));
  });

  it('has only well-formed rows', () => {
    expect(table.problems).toEqual([]);
  });

  it(`holds at least ${MINIMUM_ROWS} rows`, () => {
    expect(table.rows.length + table.problems.length).toBeGreaterThanOrEqual(MINIMUM_ROWS);
  });

  test.each(table.rows)('$name', ({ row }) => {
    const result = classify(row);
    // An accepted alternative reason reads as the expected one, so a failure shows only what is really wrong.
    expect({
      countsAgainstRecipient: result.countsAgainstRecipient,
      class: result.class,
      reason: reasonAccepted(row, result) ? row.expect.reason : result.reason,
    }).toEqual({ countsAgainstRecipient: row.expect.counts, class: row.expect.class, reason: row.expect.reason });
  });
});
