import fc from 'fast-check';
import type { FuzzCase } from './fuzz-case';
import { encode, get } from './fuzz-transport';
import { unknownName } from './fuzz-values';

/** One query parameter of a list endpoint: a valid value, and faults already encoded for the query string. */
export interface QueryParam {
  name: string;
  valid: string;
  faults: fc.Arbitrary<string>[];
}

/**
 * Query strings with one fault among valid parameters in any order: a bad value, a parameter given twice (which
 * arrives as a list), or a parameter the endpoint does not know.
 */
export function queryCases(url: string, params: readonly QueryParam[]): fc.Arbitrary<FuzzCase> {
  const known = params.map((param) => param.name);
  const validPairs = (except: string) =>
    fc.shuffledSubarray(
      params.filter((param) => param.name !== except).map((param) => `${param.name}=${encode(param.valid)}`),
    );
  const withFault = (fault: fc.Arbitrary<{ pair: string; field: string }>) =>
    fault.chain(({ pair, field }) =>
      fc.tuple(validPairs(field), fc.nat()).map(([pairs, at]) => ({
        request: get(`${url}?${pairs.toSpliced(at % (pairs.length + 1), 0, pair).join('&')}`),
        expected: { statuses: [400], fields: [field] },
      })),
    );
  const badValue = fc
    .constantFrom(...params)
    .chain((param) =>
      fc.oneof(...param.faults).map((value) => ({ pair: `${param.name}=${value}`, field: param.name })),
    );
  const twice = fc.constantFrom(...params).map((param) => ({
    pair: `${param.name}=${encode(param.valid)}&${param.name}=${encode(param.valid)}`,
    field: param.name,
  }));
  const unknown = fc
    .tuple(unknownName(known), fc.string({ unit: 'grapheme', maxLength: 20 }))
    .map(([name, value]) => ({ pair: `${encode(name)}=${encode(value)}`, field: name }));
  return fc.oneof(
    { arbitrary: withFault(badValue), weight: 4 },
    { arbitrary: withFault(twice), weight: 1 },
    { arbitrary: withFault(unknown), weight: 1 },
  );
}
