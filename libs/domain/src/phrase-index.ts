import { requiredLiterals } from './required-literals';

/**
 * Tells, in one pass over a text, which of many patterns might match it: each pattern is reduced to the literal words
 * it cannot match without (`requiredLiterals`), and an Aho-Corasick automaton over all those words finds which occur.
 * A pattern none of whose words occurs cannot match and need not run; one without such words always runs. Trying a
 * few dozen rule patterns one after another was most of the cost of classifying a reply.
 *
 * Every index shares one automaton over the words of all of them, and remembers the text it read last: the layers of
 * the classifier read the same reply one after another, so it is scanned once rather than once per layer.
 *
 * The rules' indexes are made when their modules load, so the automaton is built on the first text read: a process
 * that never classifies (the service answering checks) does not pay for building it at start.
 */
export class PhraseIndex {
  /** This index's first pattern in the shared numbering. */
  private readonly first: number;
  private readonly count: number;

  /** A missing pattern keeps its place in the numbering and is never asked about. */
  constructor(patterns: readonly (RegExp | undefined)[]) {
    this.first = SHARED.add(patterns);
    this.count = patterns.length;
  }

  /** Reads the text; until the next call of any index, `mayMatch` answers for it. */
  read(text: string): void {
    SHARED.read(text);
  }

  /** False only when the pattern cannot match the text last read. */
  mayMatch(pattern: number): boolean {
    return SHARED.mayMatch(this.first + pattern);
  }

  /**
   * Writes into `into`, in ascending order, every pattern of this index that may match the text last read: where a
   * text holds the words of a few of many patterns, going through those few costs less than asking about each.
   */
  mayMatchAll(into: number[]): void {
    SHARED.mayMatchAll(this.first, this.count, into);
  }
}

/** The patterns of every index, numbered one after another, and the automaton over their words. */
class SharedPhrases {
  private readonly patterns: (RegExp | undefined)[] = [];
  private automaton: PhraseAutomaton | undefined;
  private lastText: string | undefined;

  /** Adds an index's patterns and answers where they start; the automaton is built again on the next read. */
  add(patterns: readonly (RegExp | undefined)[]): number {
    const first = this.patterns.length;
    this.patterns.push(...patterns);
    this.automaton = undefined;
    this.lastText = undefined;
    return first;
  }

  read(text: string): void {
    if (this.automaton === undefined) {
      this.automaton = new PhraseAutomaton(this.patterns);
    } else if (text === this.lastText) {
      return;
    }
    this.automaton.read(text);
    this.lastText = text;
  }

  /** Before any text is read, every pattern may match. */
  mayMatch(pattern: number): boolean {
    return this.automaton === undefined || this.automaton.mayMatch(pattern);
  }

  mayMatchAll(first: number, count: number, into: number[]): void {
    into.length = 0;
    if (this.automaton === undefined) {
      for (let pattern = 0; pattern < count; pattern++) {
        into.push(pattern);
      }
    } else {
      this.automaton.mayMatchAll(first, count, into);
    }
  }
}

const SHARED = new SharedPhrases();

/** The Aho-Corasick automaton over the required words of every pattern, with the patterns each word belongs to. */
class PhraseAutomaton {
  /**
   * Per state and character class, the next state (the automaton with its failure links folded in). States are
   * numbered by their row's offset in this table, which spares a multiplication per character, and a state that
   * completes a word is stored negated, which spares a second table read per character.
   */
  private readonly next: Int32Array;
  /** The patterns each state completes a word of, as a slice [outputStart[s], outputStart[s + 1]) of `outputs`. */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;
  private readonly classes: number;
  private readonly alwaysRuns: Uint8Array;
  private readonly alwaysRunning: readonly number[];
  /** `seen[p] === scan` when the last scan found a word of pattern p; counting scans saves clearing. */
  private readonly seen: Int32Array;
  private scan = 0;
  /** The patterns the last scan found a word of, in the order found: `found[0]` to `found[foundCount - 1]`. */
  private readonly found: Int32Array;
  private foundCount = 0;

  constructor(patterns: readonly (RegExp | undefined)[]) {
    const words = patterns.map((pattern) => (pattern === undefined ? [] : requiredLiterals(pattern)));
    this.alwaysRuns = Uint8Array.from(words, (required) => (required === undefined ? 1 : 0));
    this.alwaysRunning = words.flatMap((required, pattern) => (required === undefined ? [pattern] : []));
    this.seen = new Int32Array(patterns.length);
    this.found = new Int32Array(patterns.length);
    this.classes = CHARACTER_CLASS_COUNT;
    const trie = buildTrie(words);
    const { outputStart } = trie;
    // The start state completes no word (no required word is empty), so no offset to negate is 0.
    this.next = trie.next.map((state) => {
      const offset = state * CHARACTER_CLASS_COUNT;
      return outputStart[state + 1]! > outputStart[state]! ? -offset : offset;
    });
    this.outputStart = outputStart;
    this.outputs = trie.outputs;
  }

  /** Reads the text; until the next call, `mayMatch` answers for it. */
  read(text: string): void {
    const scan = ++this.scan;
    const { next, outputStart, outputs, classes, seen, found } = this;
    let foundCount = 0;
    let offset = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      offset = next[offset + (code < 128 ? CLASS_OF[code]! : OTHER)]!;
      if (offset < 0) {
        offset = -offset;
        const state = offset / classes;
        const end = outputStart[state + 1]!;
        for (let output = outputStart[state]!; output < end; output++) {
          const pattern = outputs[output]!;
          if (seen[pattern] !== scan) {
            seen[pattern] = scan;
            found[foundCount++] = pattern;
          }
        }
      }
    }
    this.foundCount = foundCount;
  }

  /** False only when the pattern cannot match the text last read. */
  mayMatch(pattern: number): boolean {
    return this.alwaysRuns[pattern] === 1 || this.seen[pattern] === this.scan;
  }

  /** The patterns from `first` to `first + count - 1` that may match, numbered from `first`, in ascending order. */
  mayMatchAll(first: number, count: number, into: number[]): void {
    const { found, foundCount, alwaysRunning } = this;
    for (let index = 0; index < foundCount; index++) {
      keep(found[index]! - first, count, into);
    }
    for (let index = 0; index < alwaysRunning.length; index++) {
      keep(alwaysRunning[index]! - first, count, into);
    }
    sortAscending(into);
  }
}

function keep(pattern: number, count: number, into: number[]): void {
  if (pattern >= 0 && pattern < count) {
    into.push(pattern);
  }
}

/** An insertion sort: the lists are a handful of numbers, mostly in order already. */
export function sortAscending(numbers: number[]): void {
  for (let index = 1; index < numbers.length; index++) {
    const value = numbers[index]!;
    let place = index;
    while (place > 0 && numbers[place - 1]! > value) {
      numbers[place] = numbers[place - 1]!;
      place--;
    }
    numbers[place] = value;
  }
}

// Printable ASCII folded to lower case; everything else is one class that no word contains.
const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;
const OTHER = 0;
const CHARACTER_CLASS_COUNT = LAST_PRINTABLE - FIRST_PRINTABLE + 2 - 26;
const CLASS_OF = new Uint8Array(128);
{
  let next = 1;
  for (let code = FIRST_PRINTABLE; code <= LAST_PRINTABLE; code++) {
    if (code < 0x41 || code > 0x5a) {
      CLASS_OF[code] = next++;
    }
  }
  for (let code = 0x41; code <= 0x5a; code++) {
    CLASS_OF[code] = CLASS_OF[code + 0x20]!;
  }
}

function characterClass(code: number): number {
  return code < 128 ? CLASS_OF[code]! : OTHER;
}

interface Trie {
  next: Int32Array;
  outputStart: Int32Array;
  outputs: Int32Array;
}

function buildTrie(words: readonly (readonly string[] | undefined)[]): Trie {
  const children: Map<number, number>[] = [new Map<number, number>()];
  const ends: number[][] = [[]];
  words.forEach((required, pattern) => {
    for (const word of required ?? []) {
      let state = 0;
      for (const char of word) {
        const symbol = characterClass(char.charCodeAt(0));
        let child = children[state]!.get(symbol);
        if (child === undefined) {
          child = children.length;
          children.push(new Map<number, number>());
          ends.push([]);
          children[state]!.set(symbol, child);
        }
        state = child;
      }
      ends[state]!.push(pattern);
    }
  });
  const states = children.length;
  const next = new Int32Array(states * CHARACTER_CLASS_COUNT);
  const failure = new Int32Array(states);
  // Breadth first, so a state's failure target is complete before the state itself.
  const queue: number[] = [0];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (state !== 0) {
      ends[state]!.push(...ends[failure[state]!]!);
    }
    for (let symbol = 0; symbol < CHARACTER_CLASS_COUNT; symbol++) {
      const child = children[state]!.get(symbol);
      const fallback = state === 0 ? 0 : next[failure[state]! * CHARACTER_CLASS_COUNT + symbol]!;
      if (child === undefined || symbol === OTHER) {
        next[state * CHARACTER_CLASS_COUNT + symbol] = fallback;
      } else {
        failure[child] = fallback;
        next[state * CHARACTER_CLASS_COUNT + symbol] = child;
        queue.push(child);
      }
    }
  }
  const outputStart = new Int32Array(states + 1);
  const flat: number[] = [];
  for (let state = 0; state < states; state++) {
    outputStart[state] = flat.length;
    flat.push(...new Set(ends[state]));
  }
  outputStart[states] = flat.length;
  return { next, outputStart, outputs: Int32Array.from(flat) };
}
