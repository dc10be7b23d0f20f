import type { FieldProblem } from './problem-details';

/** The bounds a JSON body is held to while it arrives, before it is parsed. */
export interface BodyBounds {
  /** Nesting of objects and lists. */
  depth: number;
  /** Fields of one object: no request type has more than a few dozen. */
  keysPerObject: number;
  /** Items of one list: the longest list any route takes. */
  itemsPerArray: number;
  /** Fields and items of the whole body together. */
  entries: number;
}

interface Frame {
  isObject: boolean;
  entries: number;
  /** Object: the next string is a key. Array: the next value is a new item. */
  awaiting: boolean;
  /** The key of the value being read (objects only). */
  key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Keys are kept for naming the path only; a longer key is named by its start. */
const MAX_KEY_BYTES = 100;
/** The keys JSON.parse makes own properties of that a prototype-poisoning check looks for. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor']);

/**
 * Counts a JSON text's structure byte by byte as it arrives, without building it: nesting, the fields of each object,
 * the items of each list, and all of them together. The first bound exceeded is reported with its path, so a body
 * that would take JSON.parse and class-transformer seconds is refused after a linear scan of its bytes. Malformed JSON
 * is not judged here; the parser refuses it afterwards.
 */
export class JsonBoundsScanner {
  private readonly stack: Frame[] = [];
  private entries = 0;
  private inString = false;
  private escaped = false;
  /** The key being read, its first MAX_KEY_BYTES bytes in one buffer per scanner; -1 when no key is being read. */
  private readonly keyBytes = Buffer.allocUnsafe(MAX_KEY_BYTES);
  private keyLength = -1;
  private lastKey = '';
  private suspectKey = false;
  private problem: FieldProblem | undefined;

  constructor(private readonly bounds: BodyBounds) {}

  /**
   * True once a key named `__proto__` or `constructor` was read (escapes decoded), or one too long to read in full:
   * false says the text holds neither key, so the parsed value needs no prototype-poisoning check.
   */
  get mayPoisonPrototypes(): boolean {
    return this.suspectKey;
  }

  /** The first bound exceeded so far, if any; once found, further bytes are not looked at. */
  scan(chunk: Uint8Array): FieldProblem | undefined {
    // Inside a value's string nothing but a quote or a backslash matters, so the scan jumps to the next one. Where
    // each next occurs (the chunk's length when none is left) is searched for again only once passed, so a string
    // of many escapes is not searched to its end at each of them.
    let quote = -1;
    let backslash = -1;
    for (let index = 0; index < chunk.length && this.problem === undefined; index++) {
      if (this.inString && !this.escaped && this.keyLength < 0) {
        if (quote < index) {
          quote = indexOrEnd(chunk, QUOTE, index);
        }
        if (backslash < index) {
          backslash = indexOrEnd(chunk, BACKSLASH, index);
        }
        index = Math.min(quote, backslash);
        if (index === chunk.length) {
          break;
        }
      }
      const byte = chunk[index] as number;
      if (this.inString) {
        this.inStringByte(byte);
      } else if (!isWhitespace(byte)) {
        this.structuralByte(byte);
      }
    }
    return this.problem;
  }

  private inStringByte(byte: number): void {
    if (this.escaped) {
      this.escaped = false;
    } else if (byte === BACKSLASH) {
      this.escaped = true;
    } else if (byte === QUOTE) {
      this.inString = false;
      if (this.keyLength >= 0) {
        this.lastKey = decodeKey(this.keyBytes.toString('utf8', 0, this.keyLength));
        this.suspectKey ||= this.keyLength >= MAX_KEY_BYTES || PROTOTYPE_KEYS.has(this.lastKey);
        this.keyLength = -1;
        return;
      }
    }
    if (this.keyLength >= 0 && this.keyLength < MAX_KEY_BYTES) {
      this.keyBytes[this.keyLength++] = byte;
    }
  }

  private structuralByte(byte: number): void {
    const top = this.stack[this.stack.length - 1];
    switch (byte) {
      case 0x7d: // }
      case 0x5d: // ]
        this.stack.pop();
        return;
      case 0x3a: // :
        if (top?.isObject === true) {
          top.key = this.lastKey;
          top.awaiting = false;
          this.count(top, this.bounds.keysPerObject, 'fields');
        }
        return;
      case 0x2c: // ,
        if (top !== undefined) {
          top.awaiting = true;
        }
        return;
      default:
        this.valueByte(byte, top);
    }
  }

  /** The first byte of a key or a value: a string, a container, or a bare literal. */
  private valueByte(byte: number, top: Frame | undefined): void {
    if (top?.isObject === true && top.awaiting) {
      // A key: read in full to name the path.
      if (byte === QUOTE) {
        this.inString = true;
        this.keyLength = 0;
      }
      return;
    }
    if (top !== undefined && !top.isObject && top.awaiting) {
      top.awaiting = false;
      this.count(top, this.bounds.itemsPerArray, 'items');
    }
    if (byte === QUOTE) {
      this.inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (this.stack.length >= this.bounds.depth) {
        this.problem = { field: this.path(), message: `nests deeper than ${this.bounds.depth} levels` };
        return;
      }
      this.stack.push({ isObject: byte === 0x7b, entries: 0, awaiting: true, key: '' });
    }
  }

  private count(frame: Frame, limit: number, what: string): void {
    frame.entries++;
    this.entries++;
    if (frame.entries > limit) {
      this.problem = { field: this.path(this.stack.length - 1), message: `holds more than ${limit} ${what}` };
    } else if (this.entries > this.bounds.entries) {
      this.problem = { field: 'body', message: `holds more than ${this.bounds.entries} fields and items in all` };
    }
  }

  /** The path of the value being read at stack level `levels` (default: the innermost), as validation names fields. */
  private path(levels = this.stack.length): string {
    let path = '';
    for (const frame of this.stack.slice(0, levels)) {
      path += frame.isObject ? (path === '' ? frame.key : `.${frame.key}`) : `[${frame.entries - 1}]`;
    }
    return path === '' ? 'body' : path;
  }
}

/** Where the byte next occurs in the chunk from `from`, or the chunk's length when it does not. */
function indexOrEnd(chunk: Uint8Array, byte: number, from: number): number {
  const at = chunk.indexOf(byte, from);
  return at < 0 ? chunk.length : at;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** A key as JSON reads it, from its bytes as sent (escapes and all). */
function decodeKey(raw: string): string {
  if (!raw.includes('\\')) {
    return raw;
  }
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
