import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { getMetadataStorage, validate } from '@app/recipients';
import type { RequestCheck } from '../batch/compiled-request-check';
import { compileRequestCheck } from '../batch/compiled-request-check';
import { cappedBadRequest } from './capped-problems';
import { declaredArrayLimitProblems } from './declared-array-limits';
import { inputShapeProblems } from './input-shape';
import { acceptedBySchema } from './schema-checked-bodies';
import type { FieldProblem } from './problem-details';
import { ProblemError } from './problem-details';

/** Flattens class-validator's tree into `field.path: message` pairs. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${prefix}[${error.property}]` : join(prefix, error.property);
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'unknown field $1') });
    }
    problems.push(...fieldProblems(error.children ?? [], field));
  }
  return problems;
}

function join(prefix: string, property: string): string {
  return prefix === '' ? property : `${prefix}.${property}`;
}

/** A 400 naming every field at fault, as the validation pipe answers. */
export function invalidRequest(problems: FieldProblem[]): ProblemError {
  return cappedBadRequest('Invalid request', problems);
}

/** Bodies, queries and path parameters are checked for what class-transformer must not be handed before they reach it. */
class ShapeCheckedValidationPipe extends ValidationPipe {
  private readonly compiledChecks: ReadonlyMap<unknown, RequestCheck<object>>;

  constructor(options: ValidationPipeOptions, compiledBodies: readonly (new () => object)[]) {
    super(options);
    this.compiledChecks = new Map(compiledBodies.map((dto) => [dto, compileRequestCheck(dto)]));
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      // A single named parameter arrives as its bare value: name it so the problem says which one. A body that is
      // not an object (a bare string or a list) has no field names of its own, so its problems are the body's.
      const named =
        metadata.data !== undefined
          ? { [metadata.data]: value }
          : metadata.type === 'body' && !isPlainObject(value)
            ? { body: value }
            : value;
      const problems = inputShapeProblems(named);
      if (problems.length > 0) {
        return Promise.reject(invalidRequest(problems));
      }
    }
    const { metatype } = metadata;
    if (metadata.type === 'body' && takesFields(metatype) && value !== undefined && !isPlainObject(value)) {
      // A list, a string or a number has none of the request's fields: the body itself is what is wrong.
      return Promise.reject(invalidRequest([{ field: 'body', message: 'must be a JSON object' }]));
    }
    const tooLong =
      metadata.type === 'body' && metatype !== undefined ? declaredArrayLimitProblems(value, metatype) : [];
    if (tooLong.length > 0) {
      return Promise.reject(invalidRequest(tooLong));
    }
    if (metadata.type === 'body' && metatype !== undefined && acceptedBySchema(value)) {
      // The route's schema, read off this DTO's rules, accepted the body: class-validator would find nothing.
      return Promise.resolve(Object.assign(new (metatype as new () => object)(), value));
    }
    const compiled = metadata.type === 'body' && isPlainObject(value) ? this.compiledChecks.get(metatype) : undefined;
    // A body the compiled check vouches for is the instance class-transformer would build and class-validator would
    // pass; any other goes through both, so its 400 names the fields.
    const request = compiled?.(value as Record<string, unknown>);
    if (request !== undefined) {
      return Promise.resolve(request);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * Transforms, rejects unknown fields, and reports every offending field at once. Bodies of the `compiledBodies`
 * request classes are checked by a validator compiled from their rules first (`batch/compiled-request-check.ts`, held
 * to class-validator's verdict and instance by its spec), at a small part of class-validator's cost.
 */
/**
 * What the pipe uses of class-validator: `validate`, and the metadata storage it reads nested objects' rules from.
 * Without it the pipe would load class-validator's whole index.
 */
const CLASS_VALIDATOR = { validate, getMetadataStorage };

export function createValidationPipe(compiledBodies: readonly (new () => object)[] = []): ValidationPipe {
  return new ShapeCheckedValidationPipe(
    {
      transform: true,
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidRequest(fieldProblems(errors)),
      validatorPackage: CLASS_VALIDATOR,
    },
    compiledBodies,
  );
}

/** A request class with fields of its own, not a route that takes any JSON (its metatype is then Object). */
function takesFields(metatype: ArgumentMetadata['metatype']): boolean {
  return metatype !== undefined && metatype !== Object && metatype !== Array;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
