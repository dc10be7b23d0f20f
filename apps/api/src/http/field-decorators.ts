import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { normaliseAddress } from '@app/domain';
import type { ValidationArguments } from 'class-validator';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
} from 'class-validator';

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

export function Timestamp(options: { optional?: boolean; description?: string } = {}): PropertyDecorator {
  const documented = { type: String, format: 'date-time', example: '2026-11-22T10:00:00Z', ...options };
  return applyDecorators(
    ...(options.optional === true ? [IsOptional(), ApiPropertyOptional(documented)] : [ApiProperty(documented)]),
    IsISO8601({ strict: true, strictSeparator: true }, { message: '$property must be an ISO-8601 date-time' }),
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
