import { InvalidArgumentError } from 'commander';

/**
 * Commander option parsers for the bench programs (the CLI keeps its own: an app's files are not the bench's to
 * import): a bad value is reported by commander with the option's name.
 */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('expected a whole number of at least 1');
  }
  return parsed;
}

export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new InvalidArgumentError('expected a whole number of at least 0');
  }
  return parsed;
}

/** An ISO 8601 instant, as epoch milliseconds. */
export function parseInstant(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError('expected an ISO 8601 date-time, such as 2026-01-31T12:00:00Z');
  }
  return ms;
}
