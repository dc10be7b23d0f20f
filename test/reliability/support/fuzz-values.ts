import fc from 'fast-check';
import { isISO8601 } from 'class-validator';
import { MAX_POLICY_DURATION_MS, normaliseAddress, parseDuration } from '@app/domain';

/**
 * Values that break one rule of one field. Every arbitrary here is filtered by the rule it breaks, so a value that
 * happens to be valid is never sent as a bad one (it would be stored, and the run would rightly fail).
 */

/** The JSON types a wrong-type fault draws from; each survives `JSON.stringify` as the same type. */
export type JsonType = 'string' | 'integer' | 'fraction' | 'boolean' | 'array' | 'object' | 'null';

const JSON_TYPES: Record<JsonType, fc.Arbitrary<unknown>> = {
  string: fc.string({ unit: 'binary', maxLength: 20 }),
  integer: fc.oneof(fc.integer(), fc.constantFrom(0, -1, Number.MAX_SAFE_INTEGER, 1e21)),
  fraction: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  boolean: fc.boolean(),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  null: fc.constant(null),
};

/** A value of any JSON type but the ones given. */
export function anyTypeBut(...allowed: JsonType[]): fc.Arbitrary<unknown> {
  const others = (Object.keys(JSON_TYPES) as JsonType[]).filter((type) => !allowed.includes(type));
  return fc.oneof(...others.map((type) => JSON_TYPES[type]));
}

/** Nested garbage: deep and wide JSON that no field of the API expects (deeper still: `deeplyNested`). */
export const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 33, max: 1_000 }).map((depth) => nest(depth)),
);

function nest(depth: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < depth; level++) {
    value = level % 2 === 0 ? [value] : { x: value };
  }
  return value;
}

/** JSON text nested far deeper than a value built in memory could be serialised (`JSON.stringify` recurses). */
export const deeplyNested: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.integer({ min: 1_000, max: 20_000 }), weight: 9 },
      { arbitrary: fc.integer({ min: 20_000, max: 200_000 }), weight: 1 },
    ),
    fc.boolean(),
  )
  .map(([depth, arrays]) =>
    arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** Field names no schema knows, including those of `Object.prototype`. */
export function unknownName(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
      fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'isAdmin', 'status'),
    )
    .filter((name) => !known.includes(name) && name !== '__proto__');
}

const ADDRESS_SHAPES: readonly string[] = [
  '',
  '   ',
  'plain',
  '@example.com',
  'jane@',
  'jane@@example.com',
  'jane doe@example.com',
  '"jane"@example.com',
  'jané@example.com',
  'jane@exa mple.com',
  'jane@-example.com',
  'jane@example..com',
  '.jane@example.com',
  'jane.@example.com',
  'ja..ne@example.com',
  'jane@.example.com',
  'jane@[127.0.0.1]',
  'jane\u0000@example.com',
  '<jane@example.com>',
  'jane@example.com, joe@example.com',
  'jane@exam_ple.com',
];

/** Strings the address rules refuse: malformed, oversize in each part, random. */
export function badAddress(unit: 'grapheme' | 'binary'): fc.Arbitrary<string> {
  const label = (min: number) => fc.integer({ min, max: min + 120 }).map((n) => 'a'.repeat(n));
  return fc
    .oneof(
      fc.constantFrom(...ADDRESS_SHAPES),
      label(65).map((local) => `${local}@example.com`),
      label(64).map((domainLabel) => `jane@${domainLabel}.com`),
      fc.integer({ min: 5, max: 12 }).map((labels) => `jane@${`${'d'.repeat(60)}.`.repeat(labels)}com`),
      fc.integer({ min: 190, max: 250 }).map((n) => `${'l'.repeat(64)}@${'d'.repeat(n - 64)}.com`),
      fc.string({ unit, maxLength: 40 }),
      fc
        .tuple(fc.string({ unit, maxLength: 20 }), fc.string({ unit, maxLength: 20 }))
        .map(([local, domain]) => `${local}@${domain}`),
    )
    .filter((text) => !normaliseAddress(text).ok);
}

const TIMESTAMP_SHAPES: readonly string[] = [
  '',
  'now',
  'yesterday',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-03-01 10:00:00Z',
  '2026-03-01T25:00:00Z',
  '2026-03-01T10:60:00Z',
  '2026-03-01T10:00:00+25:00',
  '1772359200000',
  '2026-W09-1',
  '2026-060',
  '2026-03-01T10Z',
  '20260301T100000Z',
  '2026-03-01T10:00:00,5Z',
  '+275760-09-13T00:00:00Z',
];

/** Strings that are not a date-time the service can read (not strict ISO-8601, or ISO that no Date parses). */
export const badTimestamp: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom(...TIMESTAMP_SHAPES), fc.string({ unit: 'binary', maxLength: 30 }))
  .filter((text) => !isISO8601(text, { strict: true, strictSeparator: true }) || Number.isNaN(Date.parse(text)));

/** Instants beyond the allowed clock skew after `now`: from just past it to millennia ahead. */
export function futureTimestamp(now: number, skewMs: number): fc.Arbitrary<string> {
  const year = 365 * 24 * 60 * 60 * 1000;
  return fc
    .oneof(
      fc.integer({ min: 1_000, max: 24 * 60 * 60 * 1000 }),
      fc.integer({ min: 1, max: 7_000 }).map((n) => n * year),
    )
    .map((ahead) => new Date(now + skewMs + ahead).toISOString());
}

/** Strings longer than `max` characters (as class-validator counts them: an emoji is one). */
export function oversize(max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 300 }), fc.constantFrom('x', 'é', '😀', ' '))
    .map(([extra, char]) => char.repeat(max + extra));
}

/** Whole numbers outside [min, max], and numbers that are not whole. */
export function outOfRange(min: number, max: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: min - 10_000, max: min - 1 }),
    fc.integer({ min: max + 1, max: max + 10_000 }),
    fc.constantFrom(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 1e21, -1e21),
    fc.double({ min, max, noNaN: true }).filter((n) => !Number.isInteger(n)),
  );
}

/** Strings that are not one of `values`. */
export function notOneOf(values: readonly string[]): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(...values).map((value) => value.toUpperCase()),
      fc.constantFrom(...values).map((value) => ` ${value}`),
    )
    .filter((text) => !values.includes(text));
}

/** Strings that do not match `pattern`. */
export function notMatching(pattern: RegExp): fc.Arbitrary<string> {
  return fc.string({ unit: 'binary', minLength: 1, maxLength: 16 }).filter((text) => !pattern.test(text));
}

/** Strings that are not an ISO-8601 duration between `minMs` and the policy's maximum. */
export function badDuration(minMs: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom('', 'P', 'PT', '7D', 'P7', '1 week', 'P-1D', '-P1D', 'P1M', 'P1Y', 'PT1.5H', 'P0D', 'P3651D'),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.integer({ min: 3651, max: 1e9 }).map((days) => `P${days}D`),
    )
    .filter((text) => {
      const parsed = parseDuration(text);
      return !parsed.ok || parsed.ms < minMs || parsed.ms > MAX_POLICY_DURATION_MS;
    });
}

/** A query string value that is not a page size from 1 to 1,000 once read as a number. */
export const badLimit: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom('0', '-1', '1001', '1.5', 'abc', '', ' ', '1e9', 'NaN', 'Infinity', '10,000', '+-1'),
    fc.integer({ min: 1001, max: Number.MAX_SAFE_INTEGER }).map(String),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
  )
  .filter((text) => {
    const limit = Number(text);
    return !(Number.isInteger(limit) && limit >= 1 && limit <= 1000);
  });

/** Cursors no list issued: random text, tampered encodings, oversize, empty. */
export const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.base64String({ maxLength: 60 }),
  fc
    .constantFrom(['s1', 'not a date', 'x'], ['s1', 1, 2], ['s1'], ['x9', '2026-03-01T00:00:00.000Z', 'id'], {
      at: '2026-03-01T00:00:00.000Z',
    })
    .map((json) => Buffer.from(JSON.stringify(json)).toString('base64url')),
  oversize(500),
);

/** Percent sequences that do not decode as UTF-8. */
export const badPercentEncoding: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%2',
  '%ZZ',
  '%G0',
  '%C0%AF',
  '%E0%A4%A',
  '%ED%A0%80',
  '%FF',
  '%C3',
);
