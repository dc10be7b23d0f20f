import fc from 'fast-check';
import type { BodyBounds } from './json-bounds-scanner';
import { JsonBoundsScanner } from './json-bounds-scanner';

const SMALL: BodyBounds = { depth: 4, keysPerObject: 3, itemsPerArray: 5, entries: 12 };

function scan(text: string, bounds: BodyBounds = SMALL, pieces = 1): ReturnType<JsonBoundsScanner['scan']> {
  const bytes = Buffer.from(text);
  const scanner = new JsonBoundsScanner(bounds);
  const size = Math.max(1, Math.ceil(bytes.length / pieces));
  let problem: ReturnType<JsonBoundsScanner['scan']>;
  for (let offset = 0; offset < bytes.length; offset += size) {
    problem = scanner.scan(bytes.subarray(offset, offset + size));
  }
  return problem;
}

/** The reference: the parsed value's largest object, largest list, deepest nesting and entries in all. */
function withinBounds(value: unknown, bounds: BodyBounds): boolean {
  let entries = 0;
  const within = (node: unknown, depth: number): boolean => {
    if (typeof node !== 'object' || node === null) {
      return true;
    }
    if (depth >= bounds.depth) {
      return false;
    }
    const children = Array.isArray(node) ? (node as unknown[]) : Object.values(node);
    const limit = Array.isArray(node) ? bounds.itemsPerArray : bounds.keysPerObject;
    entries += children.length;
    return children.length <= limit && children.every((child) => within(child, depth + 1));
  };
  return within(value, 0) && entries <= bounds.entries;
}

const ROOMY: BodyBounds = { depth: 100, keysPerObject: 1_000, itemsPerArray: 1_000, entries: 100_000 };

function objectWithKeys(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`k${index}`, index]));
}

describe('JsonBoundsScanner', () => {
  it('accepts a body exactly at every bound', () => {
    expect(scan(JSON.stringify({ a: [1, 2, 3, 4, 5], b: objectWithKeys(3) }))).toBeUndefined();
    expect(scan('{"a":{"b":{"c":[]}}}')).toBeUndefined();
  });

  it('names the object that holds one field too many', () => {
    expect(scan(JSON.stringify({ smtp: objectWithKeys(4) }))).toEqual({
      field: 'smtp',
      message: 'holds more than 3 fields',
    });
  });

  it('names the list that holds one item too many, inside a list too', () => {
    expect(scan(JSON.stringify({ events: [{}, {}, {}, {}, {}, {}] }))?.field).toBe('events');
    expect(scan(JSON.stringify({ a: [[], ['x', 'y', 'z', 'w', 'v', 'u']] }))?.field).toBe('a[1]');
  });

  it('names the body itself when it is a list or an object that is too big', () => {
    expect(scan('[1,2,3,4,5,6]')?.field).toBe('body');
    expect(scan(JSON.stringify(objectWithKeys(4)))?.field).toBe('body');
  });

  it('names the container one level past the depth bound', () => {
    expect(scan('{"a":{"b":[{"c":{"d":1}}]}}')).toEqual({ field: 'a.b[0].c', message: 'nests deeper than 4 levels' });
  });

  it('refuses lists and objects each small that add up past the total', () => {
    expect(scan(JSON.stringify({ a: [1, 2, 3, 4, 5], b: [1, 2, 3, 4, 5], c: [1, 2] }))).toEqual({
      field: 'body',
      message: 'holds more than 12 fields and items in all',
    });
  });

  it('is not misled by brackets, commas, colons and escaped quotes inside strings, keys included', () => {
    const text = JSON.stringify({ 'k[,:]"\\': ['{[,,,,,,]}', 'a\\"]', ':::::'], 'x"y': '\\' });
    expect(scan(text)).toBeUndefined();
    expect(scan(JSON.stringify({ 'we"ird': objectWithKeys(4) }))?.field).toBe('we"ird');
  });

  it('agrees with a walk over the parsed value, however the text is cut into pieces', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 40 }), (value, pieces) => {
        const text = JSON.stringify(value);
        expect(scan(text, SMALL, pieces) === undefined).toBe(withinBounds(value, SMALL));
      }),
      { numRuns: 2000 },
    );
  });

  class Entries {
    constructor(readonly pairs: [string, unknown][]) {}
  }

  it('tells whether a key may poison a prototype, as the text holds one, escaped or not, however cut', () => {
    const key = fc.oneof(
      // Letters of both names, so near misses come up as often as random keys do.
      fc.string({ unit: fc.constantFrom(...'_aceonprstu'), maxLength: 11 }),
      fc.constantFrom('__proto__', 'constructor', 'proto', 'constructors', '\\u005f_proto__', 'c\\u006fnstructor'),
    );
    const value = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.array(fc.tuple(key, tie('node')), { maxLength: 3 }).map((pairs) => new Entries(pairs)),
      ),
    })).node;
    // A class of its own, so a JSON array that happens to hold [string, value] pairs is never taken for an object.
    const isEntries = (node: unknown): node is Entries => node instanceof Entries;
    // Entries are written by hand, so an escaped key stays escaped and `__proto__` stays a key of its own.
    const write = (node: unknown): string =>
      isEntries(node)
        ? `{${node.pairs.map(([name, item]) => `"${name}":${write(item)}`).join(',')}}`
        : Array.isArray(node)
          ? `[${node.map(write).join(',')}]`
          : JSON.stringify(node);
    // The reference: any key, as JSON reads it, named `__proto__` or `constructor`, wherever it is written (the
    // generated JSON values hold such keys as own properties now and then).
    const isPrototypeName = (name: string): boolean => ['__proto__', 'constructor'].includes(name);
    const holdsPrototypeKey = (node: unknown): boolean =>
      isEntries(node)
        ? node.pairs.some(
            ([name, item]) => isPrototypeName(JSON.parse(`"${name}"`) as string) || holdsPrototypeKey(item),
          )
        : Array.isArray(node)
          ? node.some(holdsPrototypeKey)
          : typeof node === 'object' && node !== null
            ? Object.entries(node).some(([name, item]) => isPrototypeName(name) || holdsPrototypeKey(item))
            : false;
    fc.assert(
      fc.property(value, fc.integer({ min: 1, max: 20 }), (node, pieces) => {
        const text = write(node);
        const bytes = Buffer.from(text);
        const scanner = new JsonBoundsScanner(ROOMY);
        const size = Math.max(1, Math.ceil(bytes.length / pieces));
        for (let offset = 0; offset < bytes.length; offset += size) {
          scanner.scan(bytes.subarray(offset, offset + size));
        }
        expect(scanner.mayPoisonPrototypes).toBe(holdsPrototypeKey(node));
      }),
      { numRuns: 1000 },
    );
  });

  it('counts a key too long to read in full as one that may poison a prototype', () => {
    const scanner = new JsonBoundsScanner(ROOMY);
    scanner.scan(Buffer.from(JSON.stringify({ ['k'.repeat(200)]: 1 })));
    expect(scanner.mayPoisonPrototypes).toBe(true);
  });
});
