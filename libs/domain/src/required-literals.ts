/**
 * The literal words a regular expression cannot match without: a set of lower-case strings of which every match
 * contains at least one. A text that holds none of them cannot match, so the expression need not run at all.
 *
 * Only ASCII letters, digits and punctuation become literals; anything else (character classes such as \w, '.',
 * non-ASCII letters, a construct this reader does not know) stands for "any character", which keeps the answer
 * safe: it may name too few words to rule a text out, never a word a match could do without.
 */
export function requiredLiterals(pattern: RegExp): readonly string[] | undefined {
  if (!/^i?$/.test(pattern.flags)) {
    return undefined;
  }
  try {
    const reader = new PatternReader(pattern.source);
    const node = reader.alternation();
    return reader.done() ? usable(requiredOf(node)) : undefined;
  } catch (error) {
    if (error instanceof UnknownSyntax) {
      return undefined;
    }
    throw error;
  }
}

/**
 * What a piece of a pattern can match: `exact` lists every string it matches when they are few and known (the empty
 * string for an assertion such as \b); `required` is a set of which one must occur in any match, when known.
 */
interface Literals {
  readonly exact: readonly string[] | undefined;
  readonly required: readonly string[] | undefined;
}

// Cross products beyond this many strings stop being exact: the words stay short and the index small.
const MAX_EXACT = 16;
const ANY: Literals = { exact: undefined, required: undefined };
const EMPTY: Literals = { exact: [''], required: undefined };

class UnknownSyntax extends Error {}

function usable(required: readonly string[] | undefined): readonly string[] | undefined {
  return required === undefined || required.some((word) => word === '') ? undefined : required;
}

function requiredOf(literals: Literals): readonly string[] | undefined {
  if (literals.exact !== undefined && !literals.exact.includes('')) {
    return literals.exact;
  }
  return literals.required;
}

function isLiteralChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return code >= 0x20 && code < 0x7f;
}

function literal(char: string): Literals {
  return isLiteralChar(char) ? { exact: [char.toLowerCase()], required: undefined } : ANY;
}

/** The better of two required sets: the one whose shortest word is longest, so that fewer texts hold one. */
function better(a: readonly string[] | undefined, b: readonly string[] | undefined): readonly string[] | undefined {
  if (usable(a) === undefined) {
    return usable(b);
  }
  if (usable(b) === undefined) {
    return a;
  }
  const shortest = (words: readonly string[]) => Math.min(...words.map((word) => word.length));
  const [lengthA, lengthB] = [shortest(a!), shortest(b!)];
  if (lengthA !== lengthB) {
    return lengthA > lengthB ? a : b;
  }
  return a!.length <= b!.length ? a : b;
}

function concatenation(parts: readonly Literals[]): Literals {
  let run: readonly string[] | undefined = [''];
  let best: readonly string[] | undefined;
  let exact = true;
  for (const part of parts) {
    if (run !== undefined && part.exact !== undefined && run.length * part.exact.length <= MAX_EXACT) {
      const previous: readonly string[] = run;
      run = unique(previous.flatMap((head) => part.exact!.map((tail) => head + tail)));
      continue;
    }
    exact = false;
    best = better(best, run);
    if (part.exact !== undefined) {
      run = part.exact;
    } else {
      best = better(best, part.required);
      run = [''];
    }
  }
  if (exact) {
    return { exact: run, required: undefined };
  }
  return { exact: undefined, required: better(best, run) };
}

function alternation(options: readonly Literals[]): Literals {
  const exacts = options.map((option) => option.exact);
  const allExact = exacts.every((words) => words !== undefined);
  const union = allExact ? unique(exacts.flatMap((words) => words)) : undefined;
  if (union !== undefined && union.length <= MAX_EXACT) {
    return { exact: union, required: undefined };
  }
  const required = options.map((option) => usable(requiredOf(option)));
  return {
    exact: undefined,
    required: required.every((words) => words !== undefined) ? unique(required.flatMap((words) => words)) : undefined,
  };
}

function repetition(atom: Literals, min: number, max: number): Literals {
  if (min === 1 && max === 1) {
    return atom;
  }
  if (min === 0) {
    if (max === 1 && atom.exact !== undefined && atom.exact.length < MAX_EXACT) {
      return { exact: unique(['', ...atom.exact]), required: undefined };
    }
    return ANY;
  }
  return { exact: undefined, required: requiredOf(atom) };
}

function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

const CLASS_ESCAPES = new Set(['d', 'D', 'w', 'W', 's', 'S']);
const ASSERTION_ESCAPES = new Set(['b', 'B']);

/** A recursive-descent reader of the pattern syntax the classifier's rules use. */
class PatternReader {
  private index = 0;

  constructor(private readonly source: string) {}

  done(): boolean {
    return this.index === this.source.length;
  }

  alternation(): Literals {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.index++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0]! : alternation(options);
  }

  private sequence(): Literals {
    const parts: Literals[] = [];
    while (!this.done() && this.peek() !== '|' && this.peek() !== ')') {
      parts.push(this.quantified(this.atom()));
    }
    return concatenation(parts);
  }

  private quantified(atom: Literals): Literals {
    const next = this.peek();
    let bounds: readonly [number, number] | undefined;
    if (next === '?') {
      bounds = [0, 1];
    } else if (next === '*') {
      bounds = [0, Infinity];
    } else if (next === '+') {
      bounds = [1, Infinity];
    } else if (next === '{') {
      const braces = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.index));
      if (braces === null) {
        throw new UnknownSyntax();
      }
      const min = Number(braces[1]);
      const max = braces[2] === undefined ? min : braces[3] === '' ? Infinity : Number(braces[3]);
      this.index += braces[0].length - 1;
      bounds = [min, max];
    }
    if (bounds === undefined) {
      return atom;
    }
    this.index++;
    if (this.peek() === '?') {
      this.index++;
    }
    return repetition(atom, bounds[0], bounds[1]);
  }

  private atom(): Literals {
    const char = this.take();
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '.':
        return ANY;
      case '^':
      case '$':
        return EMPTY;
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        throw new UnknownSyntax();
      default:
        return literal(char);
    }
  }

  private group(): Literals {
    let assertion = false;
    if (this.source.startsWith('?:', this.index)) {
      this.index += 2;
    } else if (/^\?<?[=!]/.test(this.source.slice(this.index, this.index + 3))) {
      assertion = true;
      this.index += this.source[this.index + 1] === '<' ? 3 : 2;
    } else if (this.peek() === '?') {
      throw new UnknownSyntax();
    }
    const inner = this.alternation();
    if (this.take() !== ')') {
      throw new UnknownSyntax();
    }
    // A lookaround matches no characters of its own, whatever it looks at.
    return assertion ? EMPTY : inner;
  }

  private escape(): Literals {
    const char = this.take();
    if (ASSERTION_ESCAPES.has(char)) {
      return EMPTY;
    }
    if (CLASS_ESCAPES.has(char) || /[0-9a-zA-Z]/.test(char)) {
      // \d, \w, \s and their kind, and every escape with a meaning of its own (\n, \u…, back-references).
      return ANY;
    }
    return literal(char);
  }

  private characterClass(): Literals {
    const members: string[] = [];
    let known = this.peek() !== '^';
    while (this.peek() !== ']') {
      let char = this.take();
      if (char === '\\') {
        char = this.take();
        if (/[0-9a-zA-Z]/.test(char)) {
          known = false;
          continue;
        }
      }
      if (this.peek() === '-' && this.source[this.index + 1] !== ']') {
        this.index++;
        let last = this.take();
        if (last === '\\') {
          last = this.take();
        }
        for (let code = char.charCodeAt(0); code <= last.charCodeAt(0) && members.length <= MAX_EXACT; code++) {
          members.push(String.fromCharCode(code));
        }
        continue;
      }
      members.push(char);
    }
    this.index++;
    const words = unique(members.map((member) => member.toLowerCase()));
    if (!known || words.length > MAX_EXACT || !members.every(isLiteralChar)) {
      return ANY;
    }
    return { exact: words, required: undefined };
  }

  private peek(): string | undefined {
    return this.source[this.index];
  }

  private take(): string {
    const char = this.source[this.index++];
    if (char === undefined) {
      throw new UnknownSyntax();
    }
    return char;
  }
}
