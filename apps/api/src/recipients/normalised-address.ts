import { normaliseAddress } from '@app/domain';
import { ProblemError } from '../http/problem-details';

/** The address in the one form the service keys everything by; a bad one is the caller's 400. */
export function normalisedAddress(input: unknown, field = 'address'): string {
  const result = normaliseAddress(input);
  if (!result.ok) {
    throw ProblemError.badRequest(`${field} is not a valid email address: ${result.message}`, [
      { field, message: result.message },
    ]);
  }
  return result.address;
}
