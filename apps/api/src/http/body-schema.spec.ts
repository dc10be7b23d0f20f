import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import Fastify from 'fastify';
import { CheckSuppressionsRequest, MAX_BULK_CHECK } from '../suppressions/check-suppressions.request';
import { bodySchemaOf } from './body-schema';
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
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { IsEmail } = require('class-validator') as typeof import('class-validator');
    IsEmail()(WithEmail.prototype, 'addresses');
    expect(() => bodySchemaOf(WithEmail)).toThrow('WithEmail.addresses: no body schema for isEmail');
  });
});
