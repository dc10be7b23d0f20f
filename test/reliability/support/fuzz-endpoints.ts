import fc from 'fast-check';
import type { BodySchema } from './fuzz-bodies';
import {
  BOUNCE,
  BULK_CHECK,
  CORRECTION,
  DELIVERY,
  MANUAL_SUPPRESSION,
  POLICY,
  REVERT,
  wholeBodyFields,
} from './fuzz-bodies';
import type { Expected, FuzzCase } from './fuzz-case';
import type { SchemaRules } from './fuzz-fields';
import { faultyObject } from './fuzz-fields';
import type { QueryParam } from './fuzz-queries';
import { queryCases } from './fuzz-queries';
import { badlyEncoded, encode, fieldsFor, get, post, transportFaults } from './fuzz-transport';
import {
  anyTypeBut,
  badAddress,
  badCursor,
  badLimit,
  badPercentEncoding,
  badTimestamp,
  notOneOf,
  oversize,
  unknownName,
} from './fuzz-values';

/** What the fuzzer knows of the service it runs against: its clock and limits, and ids that really exist. */
export interface FuzzContext {
  now: number;
  skewMs: number;
  bodyLimitBytes: number;
  restorationId: string;
  suppressionsCursor: string;
  restorationsCursor: string;
}

export interface FuzzEndpoint {
  name: string;
  /** Its part of the whole run. */
  share: number;
  cases(context: FuzzContext): fc.Arbitrary<FuzzCase>;
}

/** Every endpoint of DESIGN section 5 that reads input, with its share of the run. */
export const FUZZ_ENDPOINTS: readonly FuzzEndpoint[] = [
  { name: 'POST /v1/bounces', share: 14, cases: (context) => bodyCases('/v1/bounces', BOUNCE, context) },
  { name: 'POST /v1/deliveries', share: 7, cases: (context) => bodyCases('/v1/deliveries', DELIVERY, context) },
  { name: 'POST /v1/corrections', share: 7, cases: (context) => bodyCases('/v1/corrections', CORRECTION, context) },
  { name: 'POST /v1/events:batch', share: 12, cases: batchCases },
  {
    name: 'POST /v1/suppressions',
    share: 6,
    cases: (context) => bodyCases('/v1/suppressions', MANUAL_SUPPRESSION, context),
  },
  {
    name: 'POST /v1/suppressions:check',
    share: 6,
    cases: (context) => bodyCases('/v1/suppressions:check', BULK_CHECK, context),
  },
  { name: 'GET /v1/suppressions/{address}', share: 6, cases: () => addressPathCases('/v1/suppressions/', '') },
  { name: 'GET /v1/recipients/{address}', share: 4, cases: () => addressPathCases('/v1/recipients/', '') },
  {
    name: 'GET /v1/recipients/{address}/history',
    share: 4,
    cases: () => addressPathCases('/v1/recipients/', '/history'),
  },
  { name: 'GET /v1/suppressions', share: 9, cases: listSuppressionsCases },
  { name: 'GET /v1/restorations', share: 7, cases: listRestorationsCases },
  { name: 'POST /v1/restorations/{id}/revert', share: 8, cases: revertCases },
  { name: 'POST /v1/policy/simulations', share: 10, cases: simulationCases },
];

function rulesOf(context: FuzzContext, nullIsAbsent = true): SchemaRules {
  return { nullIsAbsent, now: context.now, skewMs: context.skewMs };
}

/** One field of the body broken (five in six cases), or the request as a whole. */
function bodyCases(url: string, schema: BodySchema, context: FuzzContext, rules = rulesOf(context)) {
  const valid = schema.valid(context.now);
  const faulty = faultyObject(schema.fields, valid, '', rules).map(({ value, fields }) => {
    const payload = JSON.stringify(value);
    return { request: post(url, payload), expected: { statuses: [400], fields: fieldsFor(payload, fields) } };
  });
  return fc.oneof(
    { arbitrary: faulty, weight: 5 },
    { arbitrary: transportFaults(url, valid, wholeBodyFields(schema), context.bodyLimitBytes), weight: 1 },
  );
}

const ITEM_SCHEMAS = { bounce: BOUNCE, delivery: DELIVERY, correction: CORRECTION } as const;
const ITEM_TYPES = Object.keys(ITEM_SCHEMAS);

/** A batch of one to four items, every one bad in its own way; or a batch that is bad as a whole. */
function batchCases(context: FuzzContext): fc.Arbitrary<FuzzCase> {
  const url = '/v1/events:batch';
  const rules = rulesOf(context);
  const validItem = { type: 'bounce', ...BOUNCE.valid(context.now) };
  const badItem = (index: number) =>
    fc.oneof(
      ...Object.entries(ITEM_SCHEMAS).map(([type, schema]) =>
        faultyObject(schema.fields, schema.valid(context.now), `events[${index}]`, rules).map(({ value, fields }) => ({
          // A fault may be an unknown field named `type`: it then replaces the type, and the answer names it.
          item: { type, ...(value as object) },
          fields,
        })),
      ),
      fc
        .oneof(anyTypeBut('string'), notOneOf(ITEM_TYPES), fc.constantFrom('toString', 'constructor', '__proto__'))
        .map((type) => ({ item: { ...validItem, type }, fields: [`events[${index}].type`] })),
      fc.constant({ item: BOUNCE.valid(context.now), fields: [`events[${index}].type`] }),
    );
  const badItems = [0, 1, 2, 3].map(badItem);
  const everyItemBad = fc
    .integer({ min: 1, max: badItems.length })
    .chain((count) => fc.tuple(...badItems.slice(0, count)))
    .map((items) => {
      const payload = JSON.stringify({ events: items.map(({ item }) => item) });
      return {
        request: post(url, payload),
        // Faults the service sees before it looks at items one by one refuse the whole batch.
        expected: {
          statuses: [400],
          fields: fieldsFor(
            payload,
            items.flatMap(({ fields }) => fields),
          ),
        },
        items: items.map(({ fields }): Expected => ({ statuses: [400], fields })),
      };
    });
  const events = (value: unknown) => ({
    request: post(url, JSON.stringify({ events: value })),
    expected: { statuses: [400], fields: ['events'] },
  });
  const badAsAWhole = fc.oneof(
    anyTypeBut('array').map(events),
    fc.constant(events([])),
    fc
      .tuple(fc.nat({ max: 3 }), anyTypeBut('object'))
      .map(([at, item]) => events([validItem, validItem, validItem as unknown].toSpliced(at, 0, item))),
    fc.constant({ request: post(url, '{}'), expected: { statuses: [400], fields: ['events'] } }),
    unknownName(['events']).map((name) => ({
      request: post(url, JSON.stringify({ events: [validItem], [name]: 1 })),
      expected: { statuses: [400], fields: [name] },
    })),
  );
  // Over the limit: the items are left empty, as the count alone refuses them; costly to check, so rarely sent.
  const tooMany = fc.constant(events(Array.from({ length: 1001 }, () => ({}))));
  return fc.oneof(
    { arbitrary: everyItemBad, weight: 60 },
    { arbitrary: badAsAWhole, weight: 20 },
    { arbitrary: tooMany, weight: 1 },
    {
      arbitrary: transportFaults(url, { events: [validItem] }, ['events', 'body'], context.bodyLimitBytes),
      weight: 10,
    },
  );
}

/** Encoded paths past this length may be refused by the router (414) before the address is read. */
const LONG_PATH_SEGMENT = 340;

/** A bad address, correctly encoded, or a path that does not decode at all. */
function addressPathCases(prefix: string, suffix: string): fc.Arbitrary<FuzzCase> {
  // An empty, `.` or `..` segment is not this endpoint: URL resolution removes dot segments before routing.
  const badlyWritten = badAddress('grapheme')
    .filter((address) => !['', '.', '..'].includes(address))
    .map((address) => {
      const segment = encode(address);
      const long = segment.length > LONG_PATH_SEGMENT;
      return {
        request: get(prefix + segment + suffix),
        expected: { statuses: long ? [400, 414] : [400], fields: long ? ['address', 'path'] : ['address'] },
      };
    });
  const undecodable = badlyEncoded(
    fc.oneof(fc.constant(encode('jane@example.com')), badAddress('grapheme').map(encode)),
  ).map((segment) => ({ request: get(prefix + segment + suffix), expected: { statuses: [400], fields: ['path'] } }));
  return fc.oneof({ arbitrary: badlyWritten, weight: 3 }, { arbitrary: undecodable, weight: 1 });
}

/** Query values sent unencoded: a percent sequence that does not decode reaches the field as it is. */
const rawPercent = badPercentEncoding;

function limitAndCursor(validCursor: string, otherListCursor: string): QueryParam[] {
  return [
    { name: 'limit', valid: '10', faults: [badLimit.map(encode), rawPercent] },
    {
      name: 'cursor',
      valid: validCursor,
      faults: [badCursor.map(encode), fc.constant(encode(otherListCursor)), rawPercent],
    },
  ];
}

function listSuppressionsCases(context: FuzzContext): fc.Arbitrary<FuzzCase> {
  const choice = (values: readonly string[]) => [notOneOf(values).map(encode), rawPercent];
  return queryCases('/v1/suppressions', [
    { name: 'status', valid: 'suppressed', faults: choice(['quarantined', 'suppressed']) },
    { name: 'cause', valid: 'hard_bounce', faults: choice(['hard_bounce', 'soft_bounce_limit', 'manual', 'imported']) },
    { name: 'reason', valid: 'mailbox_unknown', faults: [fc.constant(''), oversize(100).map(encode)] },
    { name: 'since', valid: '2026-01-01T00:00:00Z', faults: [badTimestamp.map(encode), rawPercent] },
    ...limitAndCursor(context.suppressionsCursor, context.restorationsCursor),
  ]);
}

function listRestorationsCases(context: FuzzContext): fc.Arbitrary<FuzzCase> {
  return queryCases('/v1/restorations', [
    { name: 'address', valid: 'seed.restored@example.com', faults: [badAddress('grapheme').map(encode), rawPercent] },
    { name: 'state', valid: 'active', faults: [notOneOf(['active', 'reverted']).map(encode), rawPercent] },
    ...limitAndCursor(context.restorationsCursor, context.suppressionsCursor),
  ]);
}

/** A bad body (for a real restoration or not), a restoration that does not exist, or an id that does not decode. */
function revertCases(context: FuzzContext): fc.Arbitrary<FuzzCase> {
  const url = (id: string) => `/v1/restorations/${id}/revert`;
  const real = url(encode(context.restorationId));
  const unknownId = fc
    .oneof(fc.uuid(), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 }))
    .filter((id) => id !== context.restorationId && !['.', '..'].includes(id))
    .map((id) => {
      const long = encode(id).length > LONG_PATH_SEGMENT;
      return {
        request: post(url(encode(id)), JSON.stringify(REVERT.valid(context.now))),
        expected: { statuses: long ? [404, 414] : [404], fields: ['restorationId', 'path'] },
      };
    });
  const undecodable = badlyEncoded(fc.constant(encode(context.restorationId))).map((id) => ({
    request: post(url(id), JSON.stringify(REVERT.valid(context.now))),
    expected: { statuses: [400], fields: ['path'] },
  }));
  return fc.oneof(
    { arbitrary: bodyCases(real, REVERT, context), weight: 4 },
    { arbitrary: unknownId, weight: 2 },
    { arbitrary: undecodable, weight: 1 },
  );
}

/** A broken candidate policy, or a sound one asked for in a format that does not exist. */
function simulationCases(context: FuzzContext): fc.Arbitrary<FuzzCase> {
  const url = '/v1/policy/simulations';
  const sound = JSON.stringify(POLICY.valid(context.now));
  const badQuery = queryCases(url, [
    { name: 'format', valid: 'json', faults: [notOneOf(['json', 'ndjson']).map(encode), rawPercent] },
  ]).map((fuzzCase) => ({ ...fuzzCase, request: post(fuzzCase.request.url, sound) }));
  return fc.oneof(
    { arbitrary: bodyCases(url, POLICY, context, rulesOf(context, false)), weight: 5 },
    { arbitrary: badQuery, weight: 1 },
  );
}
