import { isErrorLike } from '../error-like';
import { ReadModelUnavailableError } from '../read-model-store';

/**
 * Primary result codes after which the file cannot serve the call right now (locked past the busy timeout, disk
 * failing or full, file gone or not a database). better-sqlite3 reports extended codes such as `SQLITE_IOERR_FSYNC`,
 * so these are matched on their primary part.
 */
const UNAVAILABLE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_NOMEM',
  'SQLITE_PROTOCOL',
  'SQLITE_PERM',
  'SQLITE_AUTH',
  'SQLITE_NOLFS',
]);

/** The one error better-sqlite3 throws as a plain TypeError rather than a SqliteError. */
const CLOSED_MESSAGE = 'The database connection is not open';

/**
 * No driver error leaves the adapter. "Unavailable" errors become the port's `ReadModelUnavailableError`; any other
 * SQLite error (a constraint, a bad statement) is a bug, reported as a plain Error keeping the driver's as its cause.
 * Errors that are not the driver's (the port's own) pass through.
 */
export function translateSqliteError(error: unknown): Error {
  if (isErrorLike(error) && error.name === 'TypeError' && error.message === CLOSED_MESSAGE) {
    return new ReadModelUnavailableError('The SQLite read model database is closed', { cause: error });
  }
  if (!isSqliteError(error)) {
    return isErrorLike(error) ? error : new Error(String(error));
  }
  const [prefix, primary] = error.code.split('_');
  if (UNAVAILABLE_CODES.has(`${prefix}_${primary}`)) {
    return new ReadModelUnavailableError(`SQLite is unavailable (${error.code}): ${error.message}`, { cause: error });
  }
  return new Error(`SQLite rejected a read-model statement (${error.code}): ${error.message}`, { cause: error });
}

/** Runs a synchronous database call and rethrows whatever it throws in the port's terms. */
export function translated<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw translateSqliteError(error);
  }
}

/**
 * By shape rather than `instanceof Database.SqliteError`: the native addon keeps the class of the first module
 * instance that loaded it, which is not the one a test runner's later module registry sees.
 */
function isSqliteError(error: unknown): error is Error & { code: string } {
  if (!isErrorLike(error) || error.name !== 'SqliteError') {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
