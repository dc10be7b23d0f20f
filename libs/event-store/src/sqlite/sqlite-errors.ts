import { EventStoreUnavailableError } from '../event-store';

/**
 * Primary result codes after which the database cannot serve the call right now: locked by another process past the
 * busy timeout, the disk failing or full, the file gone, unreadable or not a database. better-sqlite3 reports extended
 * codes (`SQLITE_IOERR_FSYNC`), so these are matched on their primary part.
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

/** Worth a retry a moment later from the same process: another connection holds the lock. */
const TRANSIENT_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED']);

/** The one error better-sqlite3 throws as a plain TypeError rather than a SqliteError. */
const CLOSED_MESSAGE = 'The database connection is not open';

/**
 * Turns better-sqlite3's exceptions into the port's, so no driver error leaves the adapter. Errors that are not the
 * driver's (the port's own, an inline projection's) pass through unchanged. A SQLite error that does not mean
 * "unavailable" (a constraint or SQL error) is a bug in this adapter or in a projection, reported as a plain `Error`
 * that keeps the driver's error as its cause.
 */
export function translateSqliteError(error: unknown): Error {
  if (isClosedDatabaseError(error)) {
    return new EventStoreUnavailableError('The SQLite event store is closed', { cause: error });
  }
  if (!isSqliteError(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  if (UNAVAILABLE_CODES.has(primaryCode(error.code))) {
    return new EventStoreUnavailableError(`SQLite is unavailable (${error.code}): ${error.message}`, { cause: error });
  }
  return new Error(`SQLite rejected a statement (${error.code}): ${error.message}`, { cause: error });
}

export function isTransientSqliteError(error: unknown): boolean {
  const driverError = error instanceof EventStoreUnavailableError ? error.cause : error;
  return isSqliteError(driverError) && TRANSIENT_CODES.has(primaryCode(driverError.code));
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
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    name?: unknown;
    code?: unknown;
  };
  return name === 'SqliteError' && typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Matched by shape: the addon creates it in the main realm, so `instanceof` fails inside a test sandbox. */
function isClosedDatabaseError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'message' in error && error.message === CLOSED_MESSAGE;
}

function primaryCode(code: string): string {
  const [sqlite, primary] = code.split('_');
  return `${sqlite}_${primary}`;
}
