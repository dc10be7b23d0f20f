import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import type { RecipientCommand } from '@app/domain';
import { SMTP_STAGES } from '@app/domain';
import { recordBounceCommand } from '../bounces/record-bounce.command';
import { RecordBounceRequest } from '../bounces/record-bounce.request';
import { recordComplaintCommand } from '../complaints/record-complaint.command';
import { RecordComplaintRequest } from '../complaints/record-complaint.request';
import { recordCorrectionCommand } from '../corrections/record-correction.command';
import { RecordCorrectionRequest } from '../corrections/record-correction.request';
import { recordDeliveryCommand } from '../deliveries/record-delivery.command';
import { RecordDeliveryRequest } from '../deliveries/record-delivery.request';
import { recordUnsubscribeCommand } from '../unsubscribes/record-unsubscribe.command';
import { RecordUnsubscribeRequest, UNSUBSCRIBE_METHODS } from '../unsubscribes/record-unsubscribe.request';
import { parseBatchItem } from './batch-item';
import { compileRequestCheck } from './compiled-request-check';

type Verdict = { accepted: false } | { accepted: true; command: RecipientCommand | string };

interface Kind {
  type: string;
  dto: new () => object;
  command: (request: object) => RecipientCommand;
  fields: Record<string, Field>;
}

/** The command a request asks for, or the message of the error its builder throws. */
function commandOf(kind: Kind, request: object): RecipientCommand | string {
  try {
    return kind.command(request);
  } catch (error) {
    return (error as Error).message;
  }
}

/** The reference: class-transformer and class-validator with the service's options, then the command builder. */
function byClassValidator(kind: Kind, body: Record<string, unknown>): Verdict {
  const request = plainToInstance(kind.dto, body);
  const errors = validateSync(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  return errors.length > 0 ? { accepted: false } : { accepted: true, command: commandOf(kind, request) };
}

const checks = new Map<string, ReturnType<typeof compileRequestCheck>>();

function byCompiledCheck(kind: Kind, body: Record<string, unknown>): Verdict {
  const check = checks.get(kind.type) ?? compileRequestCheck(kind.dto);
  checks.set(kind.type, check);
  const request = check(body);
  return request === undefined ? { accepted: false } : { accepted: true, command: commandOf(kind, request) };
}

/** A field's values: ones its rules accept, ones they refuse, and whether the DTO requires it. */
interface Field {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
  required?: boolean;
}

/** Stands for "the key is absent" among a required field's invalid values. */
const MISSING = Symbol('missing');

const NOT_STRINGS = [0, 12, true, {}, [], ['x'], { a: 1 }];

/** Text of a length around 1 and the limit, in BMP and astral characters (and variation selectors well inside it). */
function text(max: number, sample = 'x', options: { required?: boolean } = {}): Field {
  return {
    valid: fc.oneof(
      { weight: 6, arbitrary: fc.constant(sample) },
      { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          ' ',
          'a'.repeat(max),
          '😀'.repeat(max),
          `${'a'.repeat(max - 1)}😀`,
          '\uFE0F',
          'a\uFE0F',
        ),
      },
      ...(options.required === true ? [] : [{ weight: 1, arbitrary: fc.constant(null) }]),
    ),
    invalid: fc.constantFrom(
      '',
      'a'.repeat(max + 1),
      '😀'.repeat(max + 1),
      ...NOT_STRINGS,
      ...(options.required === true ? [null, MISSING] : []),
    ),
    required: options.required,
  };
}

const address: Field = {
  valid: fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom('jane@example.com', ' Jane.Doe@Example.COM ', 'a+tag@sub.example.org') },
    { weight: 2, arbitrary: fc.emailAddress() },
  ),
  invalid: fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'no-at',
      'a@',
      '@b.de',
      'a@@b.de',
      'a b@c.de',
      'a@-x.de',
      'a@x',
      null,
      MISSING,
      ...NOT_STRINGS,
    ),
    fc.string({ maxLength: 10 }).filter((value) => !value.includes('@')),
  ),
  required: true,
};

const previousAddress: Field = {
  valid: fc.oneof(address.valid, fc.constant(null)),
  invalid: fc.constantFrom('no-at', '', 3),
};

const VALID_TIMES = [
  '2026-11-22T10:00:00Z',
  '2026-11-22T11:00:00+01:00',
  '2026-11-22T10:00:00.123456789Z',
  '2026-11-22t10:00:00z',
];
const INVALID_TIMES = [
  '2026-02-30T10:00:00Z',
  '2026-11-22',
  '2026-11-22T10:00:00',
  'T24:00:00Z',
  'now',
  '',
  ...NOT_STRINGS,
];

const occurredAt: Field = {
  valid: fc.oneof(
    fc.constantFrom(...VALID_TIMES),
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  ),
  invalid: fc.constantFrom(...INVALID_TIMES, null, MISSING),
  required: true,
};

const optionalTime: Field = {
  valid: fc.constantFrom(...VALID_TIMES, null),
  invalid: fc.constantFrom(...INVALID_TIMES),
};

const status: Field = {
  valid: fc.constantFrom('5.1.1', '4.2.2', '2.0.0', '5.123.456', null),
  invalid: fc.constantFrom('5.1', '6.1.1', '5.1.1 ', ' 5.1.1', '5.1234.1', '5.1.1\n', 'x', ...NOT_STRINGS),
};

/** Trimmed and lower-cased before validation: surrounding spaces may take a source back within its limit. */
const source: Field = {
  valid: fc.constantFrom('ses', ' SES ', 'SendGrid', ` ${'A'.repeat(100)} `, null),
  invalid: fc.constantFrom('   ', '', 'a'.repeat(101), ...NOT_STRINGS),
};

function oneOf(values: readonly string[], invalid: unknown[], options: { required?: boolean } = {}): Field {
  return {
    valid: fc.constantFrom(...values, ...(options.required === true ? [] : [null])),
    invalid: fc.constantFrom(...invalid, ...(options.required === true ? [null, MISSING] : [])),
    required: options.required,
  };
}

/** Objects of some fields, each present or not, with one or two refused values half of the time. */
function object(fields: Record<string, Field>): {
  valid: fc.Arbitrary<Record<string, unknown>>;
  invalid: fc.Arbitrary<Record<string, unknown>>;
} {
  const names = Object.keys(fields);
  const build = (corrupting: boolean) =>
    fc
      .record({
        present: fc.tuple(...names.map((name) => (fields[name]?.required === true ? fc.constant(true) : fc.boolean()))),
        values: fc.tuple(...names.map((name) => (fields[name] as Field).valid)),
        refused: fc.tuple(...names.map((name) => (fields[name] as Field).invalid)),
        corrupted: corrupting ? fc.subarray(names, { minLength: 1, maxLength: 2 }) : fc.constant<string[]>([]),
      })
      .map(({ present, values, refused, corrupted }) => {
        const body: Record<string, unknown> = {};
        names.forEach((name, index) => {
          const value = corrupted.includes(name) ? refused[index] : present[index] === true ? values[index] : MISSING;
          if (value !== MISSING) {
            body[name] = value;
          }
        });
        return body;
      });
  return { valid: build(false), invalid: build(true) };
}

const smtp = object({
  replyCode: {
    valid: fc.constantFrom(200, 550, 599, 421, null),
    invalid: fc.constantFrom(199, 600, 550.5, '550', 1e300, ...NOT_STRINGS),
  },
  enhancedStatus: status,
  diagnostic: text(4000),
  stage: oneOf(SMTP_STAGES, ['RCPT_TO', '', 3]),
});

const providerVerdict = object({ provider: text(50, 'ses', { required: true }), type: text(100), subType: text(100) });

const FACT_FIELDS: Record<string, Field> = {
  address,
  occurredAt,
  eventId: text(200),
  messageId: text(998),
  source,
};

/** A nested object, null (optional), or not an object, or one with a refused field or an unknown key. */
function nested(fields: ReturnType<typeof object>): Field {
  return {
    valid: fc.oneof({ weight: 5, arbitrary: fields.valid }, { weight: 1, arbitrary: fc.constant(null) }),
    invalid: fc.oneof(
      fields.invalid,
      fc.constantFrom('x', 550, [], [{ replyCode: 550 }]),
      fields.valid.map((value) => ({ ...value, unknown: 1 })),
    ),
  };
}

const KINDS: Kind[] = [
  {
    type: 'bounce',
    dto: RecordBounceRequest,
    command: recordBounceCommand as Kind['command'],
    fields: { ...FACT_FIELDS, smtp: nested(smtp), providerVerdict: nested(providerVerdict), dsnStatus: status },
  },
  {
    type: 'delivery',
    dto: RecordDeliveryRequest,
    command: recordDeliveryCommand as Kind['command'],
    fields: FACT_FIELDS,
  },
  {
    type: 'complaint',
    dto: RecordComplaintRequest,
    command: recordComplaintCommand as Kind['command'],
    fields: { ...FACT_FIELDS, feedbackType: text(100, 'abuse'), evidence: text(1000) },
  },
  {
    type: 'unsubscribe',
    dto: RecordUnsubscribeRequest,
    command: recordUnsubscribeCommand as Kind['command'],
    fields: {
      ...FACT_FIELDS,
      method: oneOf(UNSUBSCRIBE_METHODS, ['LINK', 'one-click', '', 1, ['link']], { required: true }),
      list: text(200),
      evidence: text(1000),
    },
  },
  {
    type: 'correction',
    dto: RecordCorrectionRequest,
    command: recordCorrectionCommand as Kind['command'],
    fields: {
      address,
      by: text(200, 'ops'),
      note: text(1000),
      previousAddress,
      occurredAt: optionalTime,
      eventId: text(200),
      liftComplaint: { valid: fc.constantFrom(true, false, null), invalid: fc.constantFrom('true', 1, 0) },
    },
  },
];

/**
 * Items of one kind, as Fastify's parser hands them over: half with every field's value one its rules accept, half
 * with one or two refused; now and then a key the DTO does not have, or one named after a prototype member, which
 * class-transformer drops and the check must drop too.
 */
function items(kind: Kind): fc.Arbitrary<Record<string, unknown>> {
  const bodies = object(kind.fields);
  const extra = fc.option(fc.constantFrom(['extra', 1], ['toString', 'x'], ['constructor', 'x'], ['valueOf', {}]), {
    freq: 5,
    nil: undefined,
  });
  return fc.tuple(fc.oneof(bodies.valid, bodies.invalid), extra).map(([body, key]) => {
    const text = JSON.stringify(body);
    return JSON.parse(
      key === undefined
        ? text
        : `${text.slice(0, -1)}${text === '{}' ? '' : ','}${JSON.stringify(key[0])}:${JSON.stringify(key[1])}}`,
    ) as Record<string, unknown>;
  });
}

describe('the compiled batch item check', () => {
  it.each(KINDS.map((kind) => [kind.type, kind] as const))(
    'accepts and refuses %s items as class-validator does, answering the same command',
    (_type, kind) => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(items(kind), (body) => {
          const reference = byClassValidator(kind, body);
          expect(byCompiledCheck(kind, body)).toStrictEqual(reference);
          if (reference.accepted) {
            accepted += 1;
          } else {
            refused += 1;
          }
        }),
        { seed: 20261203, numRuns: 1500 },
      );
      // Both outcomes were exercised, each many times.
      expect(accepted).toBeGreaterThan(100);
      expect(refused).toBeGreaterThan(100);
    },
  );

  it('hands a text within its limit only by validator’s count of variation selectors to class-validator', () => {
    // validator counts a character and its variation selector once; the schema counts both and refuses.
    const body = {
      address: 'jane@example.com',
      occurredAt: '2026-11-22T10:00:00Z',
      eventId: `${'☺\uFE0F'.repeat(150)}`,
    };
    expect(compileRequestCheck(RecordDeliveryRequest)(body)).toBeUndefined();
    const parsed = parseBatchItem({ type: 'delivery', ...body }, 0);
    expect(parsed).toMatchObject({ command: { type: 'RecordDelivery', eventId: body.eventId } });
  });

  it('names the field of an item the check refuses, as class-validator does', () => {
    const parsed = parseBatchItem(
      { type: 'bounce', address: 'jane@example.com', occurredAt: 'now', smtp: { replyCode: 700 } },
      3,
    );
    expect(parsed).toMatchObject({
      status: 400,
      errors: expect.arrayContaining([
        { field: 'events[3].occurredAt', message: expect.stringContaining('RFC 3339') },
        { field: 'events[3].smtp.replyCode', message: 'replyCode must be at most 599' },
      ]),
    });
  });
});
