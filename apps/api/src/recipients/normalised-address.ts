import { normaliseAddress } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import { isInNormalForm } from '../suppressions/normal-form-address';

/**
 * The address in the one form the service keys everything by; a bad one is the caller's 400. One already in that form
 * (as callers mostly send it) is recognised by one pattern instead of the full normalisation.
 */
export function normalisedAddress(input: unknown, field = 'address'): string {
  if (typeof input === 'string' && isInNormalForm(input)) {
    return input;
  }
  const result = normaliseAddress(input);
  if (!result.ok) {
    throw ProblemError.badRequest(`${field} is not a valid email address: ${result.message}`, [
      { field, message: result.message },
    ]);
  }
  return result.address;
}
