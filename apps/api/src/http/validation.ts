import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
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

/** Transforms, rejects unknown fields, and reports every offending field at once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = fieldProblems(errors);
      const fields = [...new Set(problems.map((problem) => problem.field))].join(', ');
      return ProblemError.badRequest(`Invalid request: ${fields}`, problems);
    },
  });
}
