/**
 * Text a regular expression may match, drawn at random: each alternative, optional part and repetition chosen by the
 * generator. Lookarounds and word boundaries are not honoured, so a sample does not always match its pattern, which
 * suits a test corpus: near misses are as telling as matches.
 */
export function samplePattern(pattern: RegExp, random: () => number): string {
  return new PatternSampler(pattern.source, random).sample();
}

const DIGITS = '0123456789';
const WORD_CHARACTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
/** What a negated class or a non-space stands for: the first of these the class does not list. */
const STAND_INS = ['x', ' ', '7', '.', '-', '\t'];
/** The most repetitions an open-ended quantifier adds beyond its minimum. */
const EXTRA_REPETITIONS = 3;

class PatternSampler {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly random: () => number,
  ) {}

  sample(): string {
    const text = this.alternation();
    if (this.index !== this.source.length) {
      throw new Error(`cannot sample /${this.source}/ past position ${this.index}`);
    }
    return text;
  }

  private alternation(): string {
    const options = [this.sequence()];
    while (this.source[this.index] === '|') {
      this.index++;
      options.push(this.sequence());
    }
    return this.pick(options);
  }

  // Every alternative is sampled, so that the reader moves past it; one of them is kept.
  private sequence(): string {
    let text = '';
    while (this.index < this.source.length && this.source[this.index] !== '|' && this.source[this.index] !== ')') {
      const atom = this.atom();
      text += this.repeated(atom);
    }
    return text;
  }

  private repeated(atom: () => string): string {
    const next = this.source[this.index];
    let bounds: readonly [number, number] | undefined;
    if (next === '?') {
      bounds = [0, 1];
    } else if (next === '*') {
      bounds = [0, EXTRA_REPETITIONS];
    } else if (next === '+') {
      bounds = [1, 1 + EXTRA_REPETITIONS];
    } else if (next === '{') {
      const braces = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.source.slice(this.index));
      if (braces !== null) {
        const min = Number(braces[1]);
        const max = braces[2] === undefined ? min : braces[3] === '' ? min + EXTRA_REPETITIONS : Number(braces[3]);
        this.index += braces[0].length - 1;
        bounds = [min, Math.min(max, min + EXTRA_REPETITIONS)];
      }
    }
    if (bounds === undefined) {
      return atom();
    }
    this.index++;
    if (this.source[this.index] === '?') {
      this.index++;
    }
    const count = bounds[0] + Math.floor(this.random() * (bounds[1] - bounds[0] + 1));
    let text = '';
    for (let repetition = 0; repetition < count; repetition++) {
      text += atom();
    }
    return text;
  }

  /** Reads one atom and returns how to draw it, since a quantifier may ask for it several times. */
  private atom(): () => string {
    const char = this.source[this.index++]!;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '\\':
        return this.escape();
      case '.':
        return () => this.pick([...WORD_CHARACTERS]);
      case '^':
      case '$':
        return () => '';
      default:
        return () => char;
    }
  }

  private group(): () => string {
    let lookaround = false;
    if (this.source.startsWith('?:', this.index)) {
      this.index += 2;
    } else if (/^\?<?[=!]/.test(this.source.slice(this.index, this.index + 3))) {
      lookaround = true;
      this.index += this.source[this.index + 1] === '<' ? 3 : 2;
    }
    // A group is sampled once per reading; repeating it repeats the same draw, which is enough for a corpus.
    const start = this.index;
    this.alternation();
    const end = this.index;
    this.index++;
    if (lookaround) {
      return () => '';
    }
    return () => {
      const inner = new PatternSampler(this.source.slice(start, end), this.random);
      return inner.sample();
    };
  }

  private characterClass(): () => string {
    const negated = this.source[this.index] === '^';
    if (negated) {
      this.index++;
    }
    const members: string[] = [];
    const listed = new Set<string>();
    while (this.source[this.index] !== ']') {
      const char = this.source[this.index++]!;
      if (char === '\\') {
        const escaped = this.source[this.index++]!;
        const drawn = escapeMembers(escaped);
        members.push(...drawn);
        drawn.forEach((member) => listed.add(member));
        continue;
      }
      if (this.source[this.index] === '-' && this.source[this.index + 1] !== ']') {
        this.index++;
        let last = this.source[this.index++]!;
        if (last === '\\') {
          last = this.source[this.index++]!;
        }
        for (let code = char.charCodeAt(0); code <= last.charCodeAt(0); code++) {
          members.push(String.fromCharCode(code));
          listed.add(String.fromCharCode(code));
        }
        continue;
      }
      members.push(char);
      listed.add(char);
    }
    this.index++;
    if (negated) {
      const standIn = STAND_INS.find((candidate) => !listed.has(candidate)) ?? '~';
      return () => standIn;
    }
    return () => this.pick(members);
  }

  private escape(): () => string {
    const char = this.source[this.index++]!;
    if (char === 'b' || char === 'B') {
      return () => '';
    }
    if (char === 'u') {
      const code = this.source.slice(this.index, this.index + 4);
      this.index += 4;
      return () => String.fromCharCode(parseInt(code, 16));
    }
    const members = escapeMembers(char);
    return () => this.pick(members);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)]!;
  }
}

function escapeMembers(char: string): string[] {
  switch (char) {
    case 'd':
      return [...DIGITS];
    case 'w':
      return [...WORD_CHARACTERS];
    case 's':
      return [' '];
    case 'S':
    case 'D':
      return ['x'];
    case 'W':
      return [' ', '-'];
    case 'n':
      return ['\n'];
    case 'r':
      return ['\r'];
    case 't':
      return ['\t'];
    default:
      return [char];
  }
}
