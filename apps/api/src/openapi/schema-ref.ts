import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

export type { ReferenceObject, SchemaObject };

/** A reference to one of the document's component schemas. */
export function ref(name: string): ReferenceObject {
  return { $ref: `#/components/schemas/${name}` };
}

/** An object schema that lists every property it may hold: a field the service adds must be documented first. */
export function closedObject(
  properties: Record<string, SchemaObject | ReferenceObject>,
  required: readonly string[],
  description?: string,
): SchemaObject {
  return {
    type: 'object',
    ...(description === undefined ? {} : { description }),
    // OpenAPI 3.0 refuses an empty `required`.
    ...(required.length === 0 ? {} : { required: [...required] }),
    properties,
    additionalProperties: false,
  };
}

export const DATE_TIME: SchemaObject = { type: 'string', format: 'date-time' };
export const TEXT: SchemaObject = { type: 'string' };
