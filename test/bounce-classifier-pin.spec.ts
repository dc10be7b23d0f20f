/**
 * Pins what the classifier answers for every row of the bounce evidence table (test/fixtures/bounces), with the row's
 * DSN status and without it, so a change made for speed cannot move a single answer unnoticed. The pinned answers
 * are the classifier's, not the table's expectations (test/bounce-fixtures.spec.ts measures those). After a change
 * of the rules that is meant to move answers, rewrite the pin: PIN_CLASSIFICATIONS=write npx jest <this file>.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyBounce } from '@app/domain';
import type { BounceEvidence } from '@app/domain';

const TABLE_DIRECTORY = join(__dirname, 'fixtures', 'bounces');
// One row per line: key, answer with the status, answer without it, tab-separated.
const PIN_FILE = join(__dirname, 'fixtures', 'bounce-classifier-pin.tsv');
/** Rows added to the table after the pin was written are not pinned yet; most rows must be. */
const MINIMUM_PINNED_SHARE = 0.9;

interface Row {
  readonly reply: string;
  readonly status?: string;
  readonly provider?: string;
}

type Answers = readonly [withStatus: string, withoutStatus: string];

function tableRows(): Row[] {
  return readdirSync(TABLE_DIRECTORY)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(join(TABLE_DIRECTORY, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

/** A row is pinned by what the classifier reads of it, so reordering or annotating the table keeps its pin. */
function keyOf(row: Row): string {
  return createHash('sha256')
    .update(JSON.stringify([row.reply, row.status ?? null, row.provider ?? null]))
    .digest('hex')
    .slice(0, 20);
}

function answer(evidence: BounceEvidence): string {
  const { class: bounceClass, reason, countsAgainstRecipient, rule } = classifyBounce(evidence);
  return `${bounceClass} ${reason} ${countsAgainstRecipient ? 'counts' : 'does-not-count'} ${rule}`;
}

function answers(row: Row): Answers {
  const providerVerdict = row.provider === undefined ? undefined : { provider: row.provider };
  return [
    answer({ smtp: { diagnostic: row.reply }, dsnStatus: row.status, providerVerdict }),
    answer({ smtp: { diagnostic: row.reply }, providerVerdict }),
  ];
}

const rows = tableRows();

function readPin(): Map<string, Answers> {
  const lines = readFileSync(PIN_FILE, 'utf8').split('\n');
  return new Map(
    lines
      .filter((line) => line !== '')
      .map((line) => {
        const [key = '', withStatus = '', withoutStatus = ''] = line.split('\t');
        return [key, [withStatus, withoutStatus]];
      }),
  );
}

describe('classifier answers on the bounce evidence table', () => {
  if (process.env.PIN_CLASSIFICATIONS === 'write') {
    it('writes the pin', () => {
      const pin = new Map(rows.map((row) => [keyOf(row), answers(row)]));
      writeFileSync(
        PIN_FILE,
        [...pin].map(([key, [withStatus, withoutStatus]]) => `${key}\t${withStatus}\t${withoutStatus}\n`).join(''),
      );
      expect(pin.size).toBeGreaterThan(0);
    });
    return;
  }

  const pin = readPin();
  const pinned = rows.filter((row) => pin.has(keyOf(row)));

  it(`pins at least ${MINIMUM_PINNED_SHARE * 100}% of the table's rows`, () => {
    expect(pinned.length).toBeGreaterThanOrEqual(MINIMUM_PINNED_SHARE * rows.length);
  });

  it('answers every pinned row, with and without its status, as pinned', () => {
    const moved = pinned
      .map((row) => ({ reply: row.reply, status: row.status, pinned: pin.get(keyOf(row)), now: answers(row) }))
      .filter((entry) => JSON.stringify(entry.pinned) !== JSON.stringify(entry.now));
    expect(moved).toEqual([]);
  });
});
