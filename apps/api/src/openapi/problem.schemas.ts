import type { SchemaObject } from './schema-ref';
import { closedObject, ref, TEXT } from './schema-ref';

/** RFC 9457 problem details, as `ProblemDetailsFilter` writes them. */
export const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  FieldProblem: closedObject(
    {
      field: { type: 'string', example: 'occurredAt', description: 'A JSON path into the request: events[3].address' },
      message: TEXT,
    },
    ['field', 'message'],
  ),
  Problem: closedObject(
    {
      type: { type: 'string', example: 'about:blank' },
      title: { type: 'string', example: 'Bad Request' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string', example: 'Invalid request: occurredAt' },
      instance: { type: 'string', description: 'The request path', example: '/v1/bounces' },
      errors: { type: 'array', items: ref('FieldProblem'), description: 'Every field at fault, when there are any' },
      checks: {
        type: 'object',
        additionalProperties: true,
        description: 'Readiness only: the state of every store and of the projection',
      },
    },
    ['type', 'title', 'status', 'detail'],
    'application/problem+json (RFC 9457)',
  ),
};
