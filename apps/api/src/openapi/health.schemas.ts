import type { SchemaObject } from './schema-ref';
import { closedObject } from './schema-ref';

const INDICATORS: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'object', additionalProperties: true },
  example: { eventStore: { status: 'up' }, readModel: { status: 'up' }, projection: { status: 'up' } },
};

/** Readiness (terminus's report) and liveness. */
export const HEALTH_SCHEMAS: Record<string, SchemaObject> = {
  Readiness: closedObject(
    {
      status: { type: 'string', enum: ['ok'] },
      info: INDICATORS,
      error: INDICATORS,
      details: INDICATORS,
    },
    ['status', 'details'],
  ),
  Liveness: closedObject({ status: { type: 'string', enum: ['ok'] } }, ['status']),
};
