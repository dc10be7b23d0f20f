/**
 * Whether a thrown value is an Error, by shape rather than `instanceof`: errors made by Node itself or by a native
 * driver come from the main realm, and fail `instanceof Error` where code runs in another one (a test runner's VM).
 */
export function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string' &&
      typeof (value as { name?: unknown }).name === 'string')
  );
}
