import fc from 'fast-check';
import type { FuzzCase, FuzzRequest } from './fuzz-case';
import { anyTypeBut, badPercentEncoding, deeplyNested } from './fuzz-values';

/** Faults of a request as a whole, before any field is read: the JSON text, its media type, its size. */

const JSON_HEADERS: Record<string, string> = { 'content-type': 'application/json' };

export function post(url: string, payload: string, headers: Record<string, string> = JSON_HEADERS): FuzzRequest {
  return { method: 'POST', url, headers, payload };
}

/** The fields a bad JSON body must be answered with; one carrying a `__proto__` key is refused whole, as `body`. */
export function fieldsFor(payload: string, fields: readonly string[]): string[] {
  return /"(__proto__|constructor)"\s*:/.test(payload) ? [...fields, 'body'] : [...fields];
}

export function get(url: string): FuzzRequest {
  return { method: 'GET', url, headers: {} };
}

const NOT_JSON: readonly string[] = ["{'address': 'x'}", '{"a":1,}', '[1,2', 'tru', '{"a":01}', '{"a":"\\x"}', 'NaN'];
const JUNK: readonly string[] = ['{', '}', '"', ',', ':', '\\', "'", 'NaN', 'undefined', '\u0000', '//', ']'];
const WRONG_MEDIA_TYPES: readonly string[] = [
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  'application/jsonx',
  'application/x-ndjson',
  'text/json',
  'json',
  '*/*',
];

/**
 * For a POST endpoint with a valid example body: text that is not JSON, JSON that is not an object (answered by
 * naming `wholeBodyFields`), a field nested thousands deep, a media type that is not JSON or none, and a body over the
 * size limit.
 */
export function transportFaults(
  url: string,
  valid: unknown,
  wholeBodyFields: readonly string[],
  bodyLimitBytes: number,
): fc.Arbitrary<FuzzCase> {
  const json = JSON.stringify(valid);
  const malformed = fc
    .oneof(
      fc.nat({ max: json.length - 1 }).map((end) => json.slice(0, end)),
      fc
        .tuple(fc.nat({ max: json.length }), fc.constantFrom(...JUNK))
        .map(([at, junk]) => json.slice(0, at) + junk + json.slice(at)),
      fc.string({ unit: 'binary', maxLength: 50 }),
      fc.constantFrom(...NOT_JSON),
    )
    .filter((text) => !isJson(text))
    .map((payload) => ({ request: post(url, payload), expected: { statuses: [400], fields: ['body'] } }));
  // Arrays of scalars only: a key inside one may be answered by name, which `wholeBodyFields` does not list.
  const notAnObject = fc.oneof(anyTypeBut('object', 'array'), fc.array(anyTypeBut('object', 'array'))).map((value) => ({
    request: post(url, JSON.stringify(value)),
    expected: { statuses: [400], fields: wholeBodyFields },
  }));
  const mediaType = fc
    .oneof(
      fc.constantFrom(...WRONG_MEDIA_TYPES),
      fc
        .tuple(fc.stringMatching(/^[a-z]{1,10}$/), fc.stringMatching(/^[a-z0-9.+-]{1,12}$/))
        .map(([type, subtype]) => `${type}/${subtype}`)
        .filter((type) => type !== 'application/json'),
    )
    .map((type) => ({
      request: post(url, json, { 'content-type': type }),
      expected: { statuses: [415], fields: ['content-type'] },
    }));
  const noMediaType = fc.constant({
    request: post(url, json, {}),
    expected: { statuses: [415], fields: ['content-type'] },
  });
  const nested = deeplyNested.map((text) => ({
    request: post(url, `${json.slice(0, -1)},"nested":${text}}`),
    expected: { statuses: [400], fields: ['nested'] },
  }));
  const tooLarge = fc.integer({ min: 1, max: 4096 }).map((extra) => ({
    request: post(url, JSON.stringify({ padding: 'x'.repeat(bodyLimitBytes + extra), valid })),
    expected: { statuses: [413], fields: ['body'] },
  }));
  return fc.oneof(
    { arbitrary: malformed, weight: 40 },
    { arbitrary: notAnObject, weight: 20 },
    { arbitrary: nested, weight: 3 },
    { arbitrary: mediaType, weight: 20 },
    { arbitrary: noMediaType, weight: 5 },
    // Each one is a few megabytes: enough of them to matter, few enough to keep the run short.
    { arbitrary: tooLarge, weight: 1 },
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Percent-encodes a path segment or query part; lone surrogates, which no URL can carry, become U+FFFD first. */
export function encode(text: string): string {
  return encodeURIComponent(text.replace(/\p{Cs}/gu, '\uFFFD'));
}

/** An encoded segment with a percent sequence that does not decode put somewhere in it. */
export function badlyEncoded(segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(segment, fc.nat(), badPercentEncoding)
    .map(([text, at, bad]) => {
      const cut = at % (text.length + 1);
      return text.slice(0, cut) + bad + text.slice(cut);
    })
    .filter((text) => {
      try {
        decodeURIComponent(text);
        return false;
      } catch {
        return true;
      }
    });
}
