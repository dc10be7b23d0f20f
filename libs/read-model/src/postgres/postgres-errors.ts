import { isErrorLike } from '../error-like';
import { InvalidQueryError, ReadModelUnavailableError } from '../read-model-store';

/**
 * SQLSTATE classes after which the database cannot serve the call now: connection exceptions (08), authorisation
 * (28), a missing database (3D), rollbacks a retry resolves (40: serialisation failure, deadlock), insufficient
 * resources (53), operator intervention such as a shutdown (57), system errors (58).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '28', '3D', '40', '53', '57', '58']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * No driver error leaves the adapter. Whatever stops PostgreSQL from answering (refused or dropped connections, pool
 * timeouts, a pool already ended, a server shutting down) becomes `ReadModelUnavailableError`; a statement the server
 * rejects for its content is a bug, reported as a plain Error keeping the driver's as its cause.
 */
export function translatePostgresError(error: unknown): Error {
  if (error instanceof ReadModelUnavailableError || error instanceof InvalidQueryError) {
    return error;
  }
  if (!isErrorLike(error)) {
    return new Error(String(error));
  }
  if (error.name === 'TypeError' || error.name === 'RangeError') {
    // Thrown before anything reached the server: a bug in the caller or here, not an outage.
    return error;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SQLSTATE.test(code) && !UNAVAILABLE_CLASSES.has(code.slice(0, 2))) {
    return new Error(`PostgreSQL rejected a read-model statement (${code}): ${error.message}`, { cause: error });
  }
  // A node network error (ECONNREFUSED, ECONNRESET, ...), one of the driver's own connection errors, or an
  // unavailable SQLSTATE: the server cannot be reached or cannot serve now.
  const detail = typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  return new ReadModelUnavailableError(`PostgreSQL is unavailable (${detail})`, { cause: error });
}

export async function translatedAsync<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translatePostgresError(error);
  }
}
