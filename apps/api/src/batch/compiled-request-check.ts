import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { RequestShape } from '../http/body-schema';
import { requestShapeOf } from '../http/body-schema';
import { BODY_SCHEMA_AJV } from '../http/schema-checked-bodies';

/** Checks a plain body against a request DTO; answers the request, or undefined when it cannot vouch for the body. */
export type RequestCheck<T extends object> = (body: Record<string, unknown>) => T | undefined;

let ajv: Ajv | undefined;

/**
 * A request DTO's rules compiled once (`http/body-schema.ts` reads them off its decorators), for bodies that arrive
 * many to a request. For a body class-validator would accept, the check answers the instance plainToInstance would
 * have built: the same class, the same `@Transform`s applied, each nested `@Type` built as its class. It answers
 * undefined for every body class-validator would refuse (and for the rare one the schema is stricter about, such as
 * a text within its limit only by validator's count of variation selectors), so the caller hands those to
 * class-validator, which decides and names the fields. The schema compiles on the first body, not at start.
 */
export function compileRequestCheck<T extends object>(dto: new () => T): RequestCheck<T> {
  const shape = requestShapeOf(dto, { keepRules: true });
  let validate: ValidateFunction | undefined;
  return (body) => {
    ajv ??= new Ajv({ ...BODY_SCHEMA_AJV.customOptions, allErrors: false, strict: true });
    validate ??= ajv.compile(shape.schema);
    const request = instanceOf(shape, body);
    if (!validate(request)) {
      return undefined;
    }
    for (const rule of shape.keptRules) {
      const value = request[rule.property];
      if (!(rule.optional && (value === null || value === undefined)) && !rule.accepts(value, request)) {
        return undefined;
      }
    }
    return request as T;
  };
}

/**
 * The body as plainToInstance turns it: an instance of the DTO with each field of the body, transformed by its
 * `@Transform`s, and each nested object built as its `@Type`. Like class-transformer, it skips `__proto__`,
 * `constructor` and names the instance already holds a function under (`toString`).
 */
function instanceOf(shape: RequestShape, body: Record<string, unknown>): Record<string, unknown> {
  const request = new shape.dto() as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (key === '__proto__' || key === 'constructor' || typeof request[key] === 'function') {
      continue;
    }
    const value = body[key];
    const nested = shape.nested.get(key);
    const transform = shape.transforms.get(key);
    if (nested !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      request[key] = instanceOf(nested, value as Record<string, unknown>);
    } else {
      request[key] = transform === undefined ? value : transform(value, key, body);
    }
  }
  return request;
}
