/**
 * Holds the classifier's whole answer (class, reason, whether it counts, rule, version) on a large corpus made from the
 * bounce evidence table and the rule tables (test/support/bounce-corpus.ts) to the answers recorded before the
 * classifier was rewritten for speed, so no change made for speed can move a single answer unnoticed. After a change
 * of the rules that is meant to move answers, rewrite it: CLASSIFIER_SNAPSHOT=write npx jest <this file>.
 *
 * The snapshot lists each distinct answer once, as the CLI prints it ("=<index><tab><JSON>"), then one line per item:
 * a digest of the evidence and the overrides, and the index of its answer.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyBounce } from '@app/domain';
import type { CorpusItem } from './support/bounce-corpus';
import { bounceCorpus, OVERRIDE_SETS } from './support/bounce-corpus';

const SNAPSHOT_FILE = join(__dirname, 'fixtures', 'bounce-classifier-snapshot.tsv');
/** Items added to the corpus after the snapshot was written (a new table row, a new rule) are not held yet. */
const MINIMUM_HELD_SHARE = 0.9;

function keyOf(item: CorpusItem): string {
  return createHash('sha256').update(JSON.stringify(item)).digest('base64url').slice(0, 8);
}

function answer(item: CorpusItem): string {
  return JSON.stringify(classifyBounce(item.evidence, OVERRIDE_SETS[item.overrides]));
}

interface Snapshot {
  readonly answers: ReadonlyMap<string, string>;
}

function readSnapshot(): Snapshot {
  const dictionary = new Map<string, string>();
  const answers = new Map<string, string>();
  for (const line of readFileSync(SNAPSHOT_FILE, 'utf8').split('\n')) {
    const [first = '', second = ''] = line.split('\t');
    if (line.startsWith('=')) {
      dictionary.set(first.slice(1), second);
    } else if (line !== '') {
      const recorded = dictionary.get(second);
      if (recorded === undefined) {
        throw new Error(`snapshot line "${line}" names no recorded answer`);
      }
      answers.set(first, recorded);
    }
  }
  return { answers };
}

function writeSnapshot(corpus: readonly CorpusItem[]): number {
  const dictionary = new Map<string, string>();
  const rows = new Map<string, string>();
  for (const item of corpus) {
    const json = answer(item);
    let index = dictionary.get(json);
    if (index === undefined) {
      index = dictionary.size.toString(36);
      dictionary.set(json, index);
    }
    rows.set(keyOf(item), index);
  }
  const lines = [
    ...[...dictionary].map(([json, index]) => `=${index}\t${json}`),
    ...[...rows].map(([key, index]) => `${key}\t${index}`),
  ];
  writeFileSync(SNAPSHOT_FILE, `${lines.join('\n')}\n`);
  return rows.size;
}

describe('classifier answers on the generated bounce corpus', () => {
  const corpus = bounceCorpus();

  if (process.env.CLASSIFIER_SNAPSHOT === 'write') {
    it('writes the snapshot', () => {
      expect(writeSnapshot(corpus)).toBeGreaterThan(0);
    });
    return;
  }

  const { answers } = readSnapshot();
  const held = corpus.filter((item) => answers.has(keyOf(item)));

  it('is large and varied', () => {
    expect(answers.size).toBeGreaterThan(20_000);
    expect(new Set(answers.values()).size).toBeGreaterThan(200);
  });

  it(`holds at least ${MINIMUM_HELD_SHARE * 100}% of the corpus`, () => {
    expect(held.length).toBeGreaterThanOrEqual(MINIMUM_HELD_SHARE * corpus.length);
  });

  it('answers every held item as recorded', () => {
    const moved = held
      .map((item) => ({ item, recorded: answers.get(keyOf(item)), now: answer(item) }))
      .filter(({ recorded, now }) => recorded !== now);
    expect(moved.slice(0, 20)).toEqual([]);
    expect(moved.length).toBe(0);
  });
});
