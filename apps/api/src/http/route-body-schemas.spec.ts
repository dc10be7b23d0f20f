import 'reflect-metadata';
import Ajv from 'ajv';
import { EVENTS_BATCH_SCHEMA } from '../batch/events-batch.request';
import { CHECK_SUPPRESSIONS_SCHEMA } from '../suppressions/check-suppressions.request';

/**
 * The service compiles its route body schemas without checking them against JSON Schema's meta-schema
 * (BODY_SCHEMA_AJV): this is that check, by an Ajv with its default options, for every route that has one.
 */
describe('the route body schemas', () => {
  const metaSchemaCheck = new Ajv();

  it.each([
    ['POST /v1/events:batch', EVENTS_BATCH_SCHEMA.body],
    ['POST /v1/suppressions:check', CHECK_SUPPRESSIONS_SCHEMA.body],
  ])('%s is a valid JSON schema', (_route, schema) => {
    expect(metaSchemaCheck.validateSchema(schema)).toBe(true);
    expect(metaSchemaCheck.errors).toBeNull();
  });

  it('the check refuses a schema that breaks the meta-schema', () => {
    const broken = { type: 'object', properties: { address: { type: 'string', minLength: 'three' } } };
    expect(metaSchemaCheck.validateSchema(broken)).toBe(false);
  });
});
