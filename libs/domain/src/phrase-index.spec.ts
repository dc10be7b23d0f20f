import { PhraseIndex, sortAscending } from './phrase-index';

describe('PhraseIndex.mayMatchAll', () => {
  const patterns = [
    /\buser unknown\b/i,
    undefined,
    /\bmailbox (?:is )?full\b/i,
    /\w+/,
    /\bquota exceeded\b|\bover ?quota\b/i,
    /\buser\b/i,
  ];
  const index = new PhraseIndex(patterns);
  const texts = [
    '',
    '550 5.1.1 User unknown',
    'mailbox is full, quota exceeded for user',
    'overquota',
    'nothing to see',
    'USER UNKNOWN; Mailbox Full',
  ];

  it.each(texts)('lists, in ascending order, exactly the patterns mayMatch lets through: %j', (text) => {
    index.read(text);
    const all: number[] = [7, 8];
    index.mayMatchAll(all);
    const oneByOne = patterns.flatMap((pattern, number) =>
      pattern !== undefined && index.mayMatch(number) ? [number] : [],
    );
    expect(all.filter((number) => patterns[number] !== undefined)).toEqual(oneByOne);
  });

  it.each(texts)('never leaves out a pattern that matches: %j', (text) => {
    index.read(text);
    const all: number[] = [];
    index.mayMatchAll(all);
    patterns.forEach((pattern, number) => {
      if (pattern?.test(text) === true) {
        expect(all).toContain(number);
      }
    });
  });

  it('lists a pattern with no required words for every text', () => {
    index.read('zzz');
    const all: number[] = [];
    index.mayMatchAll(all);
    expect(all).toContain(3);
    expect(all).not.toContain(0);
  });
});

describe('sortAscending', () => {
  it('sorts as Array.prototype.sort does with a numeric comparison', () => {
    const lists = [[], [1], [3, 1, 2], [5, 4, 3, 2, 1], [1, 2, 2, 1, 0, 9, 7]];
    for (const list of lists) {
      const sorted = [...list];
      sortAscending(sorted);
      expect(sorted).toEqual([...list].sort((a, b) => a - b));
    }
  });
});
