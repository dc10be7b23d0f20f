import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, Matches, MinLength, ValidateNested, validateSync } from 'class-validator';
import fc from 'fast-check';
import Fastify from 'fastify';
import { CheckSuppressionsRequest, MAX_BULK_CHECK } from '../suppressions/check-suppressions.request';
import { bodySchemaOf, requestShapeOf } from './body-schema';
import { BODY_SCHEMA_AJV } from './schema-checked-bodies';

/** class-validator's verdict with the service's options: the reference the compiled schema must not be looser than. */
function classValidatorAccepts(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return false;
  }
  const instance = plainToInstance(CheckSuppressionsRequest, body);
  return (
    validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }).length === 0
  );
}

describe('the body schema read off a request DTO', () => {
  const app = Fastify({ ajv: BODY_SCHEMA_AJV });
  app.post(
    '/check',
    { schema: { body: bodySchemaOf(CheckSuppressionsRequest) }, attachValidation: true },
    (request) => ({
      accepted: request.validationError === undefined,
    }),
  );
  const schemaAccepts = async (body: unknown): Promise<boolean> => {
    const response = await app.inject({
      method: 'POST',
      url: '/check',
      payload: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return response.json<{ accepted: boolean }>().accepted;
  };
  afterAll(() => app.close());

  it('accepts exactly the bodies class-validator accepts', async () => {
    const item = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null), fc.boolean());
    const body = fc.oneof(
      fc.record({ addresses: fc.array(fc.string({ maxLength: 8 }), { maxLength: 5 }) }),
      fc.record({ addresses: fc.array(item, { maxLength: 5 }) }),
      fc.record(
        { addresses: fc.array(fc.string(), { maxLength: 3 }), extra: fc.jsonValue() },
        { requiredKeys: ['extra'] },
      ),
      fc.record({ addresses: fc.jsonValue() }),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 3 }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (candidate) => {
        // Fastify's JSON parser refuses prototype keys before any schema or pipe sees the body.
        fc.pre(!/"(__proto__|constructor)":/.test(JSON.stringify(candidate)));
        expect(await schemaAccepts(candidate)).toBe(classValidatorAccepts(JSON.parse(JSON.stringify(candidate))));
      }),
      { numRuns: 500 },
    );
  }, 120_000);

  it('holds the list to its bounds', async () => {
    expect(await schemaAccepts({ addresses: [] })).toBe(false);
    expect(await schemaAccepts({ addresses: new Array(MAX_BULK_CHECK).fill('a@b.de') })).toBe(true);
    expect(await schemaAccepts({ addresses: new Array(MAX_BULK_CHECK + 1).fill('a@b.de') })).toBe(false);
  });

  it('refuses a DTO rule it has no exact schema for, naming the field', () => {
    class WithEmail {
      addresses!: string[];
    }
    // A rule the schema does not know, registered as class-validator's decorators register theirs.
    IsEmail()(WithEmail.prototype, 'addresses');
    expect(() => bodySchemaOf(WithEmail)).toThrow('WithEmail.addresses: no body schema for isEmail');
  });

  it.each([
    ['a minimum length above 1', () => MinLength(2)],
    ['a pattern with flags', () => Matches(/x/i)],
    ['a rule for some groups only', () => IsString({ groups: ['admin'] })],
  ])('refuses %s, which JSON schema cannot state as validator counts or matches it', (_rule, decorator) => {
    class Refused {
      field!: string;
    }
    decorator()(Refused.prototype, 'field');
    expect(() => bodySchemaOf(Refused)).toThrow('Refused.field: no body schema');
  });

  it('refuses what the pipe would skip for a body the schema accepted: @Transform, a nested @Type', () => {
    class Transformed {
      field!: string;
    }
    IsString()(Transformed.prototype, 'field');
    Transform(({ value }: { value: unknown }) => value)(Transformed.prototype, 'field');
    expect(() => bodySchemaOf(Transformed)).toThrow('Transformed.field: a body schema cannot apply @Transform');
    class Inner {
      name!: string;
    }
    IsString()(Inner.prototype, 'name');
    class Outer {
      inner!: Inner;
    }
    ValidateNested()(Outer.prototype, 'inner');
    expect(() => bodySchemaOf(Outer)).toThrow('Outer.inner: @ValidateNested() needs @Type');
    Type(() => Inner)(Outer.prototype, 'inner');
    expect(() => bodySchemaOf(Outer)).toThrow('Outer.inner: a body schema cannot build a nested @Type');
  });

  it('keeps a rule with no schema to class-validator when asked, for that field only', () => {
    class WithEmail {
      email!: string;
      name?: string;
    }
    IsEmail()(WithEmail.prototype, 'email');
    IsOptional()(WithEmail.prototype, 'name');
    IsString()(WithEmail.prototype, 'name');
    const shape = requestShapeOf(WithEmail, { keepRules: true });
    expect(shape.schema).toEqual({
      type: 'object',
      properties: { email: {}, name: { anyOf: [{ type: 'null' }, { type: 'string' }] } },
      required: ['email'],
      additionalProperties: false,
    });
    const [kept] = shape.keptRules;
    expect(kept?.property).toBe('email');
    expect(kept?.accepts('jane@example.com', {})).toBe(true);
    expect(kept?.accepts('jane', {})).toBe(false);
  });
});
