import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { normaliseAddress, normaliseSource } from '@app/domain';
import { Transform } from 'class-transformer';
import type { ValidationArguments } from 'class-validator';
import {
  isISO8601,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
} from '@app/recipients';

/** Composite field decorators: validation and OpenAPI description in one readable line per field. */

export function EmailAddress(options: { optional?: boolean; description?: string } = {}): PropertyDecorator {
  const documented = { type: String, example: 'jane@example.com', description: options.description };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsString({ message: '$property must be a string' }),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isRecipientAddress',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate: (value: unknown) => typeof value !== 'string' || normaliseAddress(value).ok,
          defaultMessage: (args: ValidationArguments) => {
            const result = normaliseAddress(args.value);
            return result.ok ? '' : `${args.property} is not a valid email address: ${result.message}`;
          },
        },
      }),
  );
}

/**
 * RFC 3339 `date-time`: full date, time with seconds, and a zone (`Z` or `±hh:mm`). A time without a zone would be
 * read in each server's local zone, so one request would name different instants (and derive different event ids)
 * on two servers; a bare date has the same flaw.
 */
const RFC3339_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
const ZONELESS_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/i;

/** A date-time naming one instant on every server; the calendar check rejects `2026-02-30` and `T24:00:00`. */
export function isRfc3339DateTime(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    RFC3339_DATE_TIME.test(value) &&
    isISO8601(value.toUpperCase(), { strict: true, strictSeparator: true })
  );
}

function dateTimeProblem(property: string, value: unknown): string {
  const example = 'e.g. 2026-11-22T10:00:00Z or 2026-11-22T11:00:00+01:00';
  if (typeof value === 'string' && ZONELESS_DATE_TIME.test(value.trim())) {
    return `${property} has no zone offset: add Z or an offset such as +01:00 so that it names one instant (${example})`;
  }
  return `${property} must be an RFC 3339 date-time with Z or an offset (${example})`;
}

export function Timestamp(options: { optional?: boolean; description?: string } = {}): PropertyDecorator {
  const documented = {
    type: String,
    format: 'date-time',
    example: '2026-11-22T10:00:00Z',
    description: options.description,
  };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isRfc3339DateTime',
        target: target.constructor,
        propertyName: propertyName as string,
        validator: {
          validate: isRfc3339DateTime,
          defaultMessage: (args: ValidationArguments) => dateTimeProblem(args.property, args.value),
        },
      }),
  );
}

export function Text(maxLength: number, options: { optional?: boolean; description?: string; example?: string } = {}) {
  const documented = { type: String, maxLength, description: options.description, example: options.example };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsString({ message: '$property must be a string' }),
    MinLength(1, { message: '$property must not be empty' }),
    MaxLength(maxLength, { message: `$property must be at most ${maxLength} characters` }),
  );
}

/** A fact's source, trimmed and lower-cased before it is validated, stored or used to derive an event id. */
export function Source(options: { description?: string } = {}): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseSource(value) : value)),
    Text(100, { optional: true, example: 'ses', description: options.description }),
  );
}

export function OneOf(values: readonly string[], options: { optional?: boolean; description?: string } = {}) {
  const documented = { enum: [...values], description: options.description };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsIn(values, { message: `$property must be one of: ${values.join(', ')}` }),
  );
}

export function WholeNumber(min: number, max: number, options: { optional?: boolean; description?: string } = {}) {
  const documented = { type: Number, minimum: min, maximum: max, description: options.description };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsInt({ message: '$property must be a whole number' }),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(max, { message: `$property must be at most ${max}` }),
  );
}

export function Flag(options: { optional?: boolean; description?: string } = {}) {
  const documented = { type: Boolean, description: options.description };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsBoolean({ message: '$property must be true or false' }),
  );
}
