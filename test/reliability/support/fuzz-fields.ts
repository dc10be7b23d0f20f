import fc from 'fast-check';
import type { JsonType } from './fuzz-values';
import {
  anyTypeBut,
  badAddress,
  badDuration,
  badTimestamp,
  futureTimestamp,
  garbage,
  notMatching,
  notOneOf,
  oversize,
  outOfRange,
  unknownName,
} from './fuzz-values';

/** What one field of a request body holds, as far as its validation is concerned. */
export type FieldKind =
  | { type: 'address' }
  // Any string is answered (a bulk check gives a malformed address its own result); only unstorable text is refused.
  | { type: 'answeredText' }
  | { type: 'timestamp' }
  | { type: 'text'; max: number; pattern?: RegExp; alsoBad?: readonly string[] }
  | { type: 'integer'; min: number; max: number }
  | { type: 'choice'; values: readonly string[] }
  | { type: 'boolean' }
  | { type: 'duration'; minMs: number }
  | { type: 'object'; fields: readonly FieldSpec[] }
  | { type: 'list'; item: FieldKind; minItems: number; maxItems: number };

export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
}

/** How a schema's validator reads values, where validators differ. */
export interface SchemaRules {
  /** class-validator's `IsOptional` takes null as absent; the policy parser reports it. */
  nullIsAbsent: boolean;
  /** Time of the service's clock and its allowed skew: later timestamps are refused. */
  now: number;
  skewMs: number;
}

/** A value with exactly one fault, and the field names any one of which the answer must name. */
interface Faulty {
  value: unknown;
  fields: string[];
}

const MISSING = Symbol('missing');

/** `valid` with one fault somewhere in it: a field wrong, missing or unknown, at any depth. */
export function faultyObject(
  fields: readonly FieldSpec[],
  valid: Record<string, unknown>,
  path: string,
  rules: SchemaRules,
): fc.Arbitrary<Faulty> {
  const known = fields.map((field) => field.name);
  const unknownField = fc
    .tuple(unknownName(known), fc.oneof(garbage, fc.string()))
    .map(([name, value]) => ({ value: { ...valid, [name]: value }, fields: [join(path, name)] }));
  const faultyFields = fields.map((field) =>
    faultyField(field, valid[field.name], join(path, field.name), rules).map(({ value, fields: named }) => {
      const changed: Record<string, unknown> = { ...valid, [field.name]: value };
      if (value === MISSING) {
        delete changed[field.name];
      }
      return { value: changed, fields: named };
    }),
  );
  return fc.oneof(
    { arbitrary: unknownField, weight: 1 },
    ...faultyFields.map((arbitrary) => ({ arbitrary, weight: 2 })),
  );
}

function faultyField(field: FieldSpec, valid: unknown, path: string, rules: SchemaRules): fc.Arbitrary<Faulty> {
  const wrongType = wrongTypeFor(field.kind, field.required === true || !rules.nullIsAbsent);
  const faults: fc.Arbitrary<unknown>[] = [wrongType];
  if (field.required === true) {
    faults.push(fc.constant(MISSING));
  }
  if (field.kind.type === 'object') {
    const nested = faultyObject(field.kind.fields, valid as Record<string, unknown>, path, rules);
    return fc.oneof(
      nested,
      fc.oneof(...faults).map((value) => ({ value, fields: [path] })),
    );
  }
  if (field.kind.type === 'list') {
    return faultyList(field.kind, valid as unknown[], path, rules, faults);
  }
  faults.push(...valueFaults(field.kind, rules));
  return fc.oneof(...faults).map((value) => ({ value, fields: [path] }));
}

function faultyList(
  kind: Extract<FieldKind, { type: 'list' }>,
  valid: unknown[],
  path: string,
  rules: SchemaRules,
  faults: fc.Arbitrary<unknown>[],
): fc.Arbitrary<Faulty> {
  const whole = [...faults];
  if (kind.minItems > 0) {
    whole.push(fc.constant([]));
  }
  const first = valid[0];
  const tooMany = fc.constant(Array.from({ length: kind.maxItems + 1 }, () => first));
  const item = fc.tuple(fc.nat({ max: valid.length }), faultyItem(kind.item, first, rules)).map(([index, fault]) => {
    const items = [...valid];
    items.splice(index, 0, fault.value);
    const itemPath = `${path}[${index}]`;
    // Validators name a bad item by its index, or (class-validator's `each` rules) by the list itself.
    return { value: items, fields: [...fault.fields.map((field) => itemPath + field), path] };
  });
  return fc.oneof(
    { arbitrary: item, weight: 60 },
    { arbitrary: fc.oneof(...whole).map((value) => ({ value, fields: [path] })), weight: 20 },
    // Long lists cost the most to send and check: some, not many.
    { arbitrary: tooMany.map((value) => ({ value, fields: [path] })), weight: 1 },
  );
}

/** A fault inside one list item; `fields` are relative to the item (`''` for the item itself). */
function faultyItem(kind: FieldKind, valid: unknown, rules: SchemaRules): fc.Arbitrary<Faulty> {
  // A list has no use for null items: it is a wrong type under every validator.
  const itself = fc
    .oneof(wrongTypeFor(kind, true), ...valueFaults(kind, rules))
    .map((value) => ({ value, fields: [''] }));
  if (kind.type !== 'object') {
    return itself;
  }
  const inner = faultyObject(kind.fields, valid as Record<string, unknown>, '', rules).map(({ value, fields }) => ({
    value,
    fields: fields.map((field) => `.${field}`),
  }));
  return fc.oneof({ arbitrary: inner, weight: 3 }, { arbitrary: itself, weight: 1 });
}

function wrongTypeFor(kind: FieldKind, nullIsWrong: boolean): fc.Arbitrary<unknown> {
  const right: Record<FieldKind['type'], JsonType[]> = {
    address: ['string'],
    answeredText: ['string'],
    timestamp: ['string'],
    text: ['string'],
    choice: ['string'],
    duration: ['string'],
    integer: ['integer'],
    boolean: ['boolean'],
    object: ['object'],
    list: ['array'],
  };
  return anyTypeBut(...right[kind.type], ...(nullIsWrong ? [] : (['null'] as JsonType[])));
}

function valueFaults(kind: FieldKind, rules: SchemaRules): fc.Arbitrary<unknown>[] {
  switch (kind.type) {
    case 'address':
      return [badAddress('binary')];
    case 'answeredText':
      return [fc.constantFrom('\u0000', 'jane\u0000@example.com', '\uD800@example.com', 'a@\uDC00.example')];
    case 'timestamp':
      return [badTimestamp, futureTimestamp(rules.now, rules.skewMs)];
    case 'text':
      return [
        fc.constant(''),
        oversize(kind.max),
        ...(kind.pattern === undefined ? [] : [notMatching(kind.pattern)]),
        ...(kind.alsoBad === undefined ? [] : [fc.constantFrom(...kind.alsoBad)]),
      ];
    case 'integer':
      return [outOfRange(kind.min, kind.max), fc.constant(String(kind.min))];
    case 'choice':
      return [notOneOf(kind.values)];
    case 'duration':
      return [badDuration(kind.minMs)];
    case 'boolean':
      return [fc.constantFrom('true', 'false', 0, 1)];
    case 'object':
    case 'list':
      return [];
    default: {
      const unhandled: never = kind;
      throw new Error(`No faults for ${JSON.stringify(unhandled)}`);
    }
  }
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}
