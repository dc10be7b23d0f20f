const WHITESPACE = /[ \t\r\n]*/y;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
// JSON strings may not hold raw control characters (U+0000 to U+001F); the class is built from code points.
const STRING = new RegExp(
  `"(?:[^"\\\\${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"`,
  'y',
);

/**
 * The offset of the first JSON syntax error in `text` (its length when the error is a premature end), for pointing
 * at the line of a broken export. Only called after JSON.parse has failed.
 */
export function syntaxErrorOffset(text: string): number {
  let at = 0;
  const skip = (): void => {
    WHITESPACE.lastIndex = at;
    WHITESPACE.exec(text);
    at = WHITESPACE.lastIndex;
  };
  const token = (pattern: RegExp): void => {
    pattern.lastIndex = at;
    if (!pattern.test(text)) {
      throw new SyntaxAt(at);
    }
    at = pattern.lastIndex;
  };
  const expect = (char: string): void => {
    skip();
    if (text[at] !== char) {
      throw new SyntaxAt(at);
    }
    at++;
  };
  const container = (close: string, member: () => void): void => {
    at++;
    skip();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      member();
      skip();
      if (text[at] === close) {
        at++;
        return;
      }
      expect(',');
    }
  };
  const value = (): void => {
    skip();
    const char = text[at];
    if (char === '{') {
      container('}', () => {
        skip();
        token(STRING);
        expect(':');
        value();
      });
    } else if (char === '[') {
      container(']', value);
    } else {
      token(char === '"' ? STRING : SCALAR);
    }
  };
  try {
    value();
    skip();
    return at < text.length ? at : text.length;
  } catch (error) {
    // A stack overflow on absurd nesting points at the start, which is where the trouble begins anyway.
    return error instanceof SyntaxAt ? error.offset : 0;
  }
}

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}
