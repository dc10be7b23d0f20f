import { syntaxErrorOffset } from './json-syntax';
import type { ImportProblem, SourceRecord } from './source-record';
import { fieldKey } from './source-record';

/**
 * Records of a JSON export: a top-level array of objects (SendGrid's API), an object holding the array under one of
 * `wrapperKeys` (SES `SuppressedDestinationSummaries`, Postmark `Suppressions`), or newline-delimited objects.
 * Line numbers come from a scan of the text, since JSON.parse keeps none.
 */
export function readJsonRecords(
  text: string,
  wrapperKeys: readonly string[],
): { records: SourceRecord[]; problems: ImportProblem[] } {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return looksLikeNdjson(text) ? readNdjson(text) : { records: [], problems: [parseProblem(text, error)] };
  }
  if (Array.isArray(document)) {
    return toRecords(document, valueStartLines(text, 1));
  }
  if (isObject(document)) {
    const wanted = wrapperKeys.map(fieldKey);
    const key = Object.keys(document).find((name) => wanted.includes(fieldKey(name)));
    const items = key === undefined ? undefined : document[key];
    if (Array.isArray(items)) {
      return toRecords(items, valueStartLines(text, 2));
    }
  }
  return {
    records: [],
    problems: [{ line: 1, message: `expected an array of records, or an object with ${wrapperKeys.join(' or ')}` }],
  };
}

function toRecords(items: unknown[], lines: number[]): { records: SourceRecord[]; problems: ImportProblem[] } {
  const records: SourceRecord[] = [];
  const problems: ImportProblem[] = [];
  items.forEach((item, index) => {
    // The scan and the parse agree on valid JSON; the fallback only guards against a surprise.
    const line = lines.length === items.length ? lines[index]! : index + 1;
    if (isObject(item)) {
      records.push({ line, fields: new Map(Object.entries(item).map(([name, value]) => [fieldKey(name), value])) });
    } else {
      problems.push({ line, message: `expected an object, found ${JSON.stringify(item)}` });
    }
  });
  return { records, problems };
}

function looksLikeNdjson(text: string): boolean {
  const first = text.split('\n').find((line) => line.trim() !== '');
  if (first === undefined || !first.trim().startsWith('{')) {
    return false;
  }
  try {
    return isObject(JSON.parse(first));
  } catch {
    return false;
  }
}

function readNdjson(text: string): { records: SourceRecord[]; problems: ImportProblem[] } {
  const records: SourceRecord[] = [];
  const problems: ImportProblem[] = [];
  text.split('\n').forEach((content, index) => {
    if (content.trim() === '') {
      return;
    }
    try {
      const result = toRecords([JSON.parse(content)], [index + 1]);
      records.push(...result.records);
      problems.push(...result.problems);
    } catch (error) {
      problems.push({ line: index + 1, message: `invalid JSON: ${errorText(error)}` });
    }
  });
  return { records, problems };
}

/** V8's messages do not always carry the position, so the line comes from a syntax check of our own. */
function parseProblem(text: string, error: unknown): ImportProblem {
  const message = errorText(error)
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/, ".*" is not valid JSON$/s, '');
  return { line: lineAt(text, syntaxErrorOffset(text)), message: `invalid JSON: ${message}` };
}

/**
 * The 1-based line on which each value nested `depth` containers deep starts, counting only values inside arrays
 * (depth 1: the elements of a top-level array; depth 2: those of an array held by a top-level object).
 */
export function valueStartLines(text: string, depth: number): number[] {
  const lines: number[] = [];
  const stack: number[] = [];
  let line = 1;
  let valueStart = true;
  const record = (): void => {
    if (valueStart && stack.length === depth && stack[stack.length - 1] === OPEN_ARRAY) {
      lines.push(line);
    }
    valueStart = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === NEWLINE) {
      line++;
    } else if (char === QUOTE) {
      record();
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        i += text.charCodeAt(i) === BACKSLASH ? 1 : 0;
      }
    } else if (char === OPEN_ARRAY || char === OPEN_OBJECT) {
      record();
      stack.push(char);
      valueStart = char === OPEN_ARRAY;
    } else if (char === CLOSE_ARRAY || char === CLOSE_OBJECT) {
      stack.pop();
      valueStart = false;
    } else if (char === COMMA) {
      valueStart = stack[stack.length - 1] === OPEN_ARRAY;
    } else if (char === COLON) {
      valueStart = true;
    } else if (char !== SPACE && char !== TAB && char !== RETURN) {
      record();
    }
  }
  return lines;
}

const NEWLINE = 10;
const RETURN = 13;
const TAB = 9;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = 0; i < position && i < text.length; i++) {
    line += text.charCodeAt(i) === NEWLINE ? 1 : 0;
  }
  return line;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
