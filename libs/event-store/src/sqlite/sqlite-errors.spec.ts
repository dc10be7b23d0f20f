import Database from 'better-sqlite3';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../event-store';
import { isTransientSqliteError, translateSqliteError } from './sqlite-errors';

describe('translating SQLite errors into the port', () => {
  it.each(['SQLITE_BUSY', 'SQLITE_IOERR_FSYNC', 'SQLITE_CANTOPEN', 'SQLITE_FULL', 'SQLITE_READONLY_DBMOVED'])(
    'reports %s as the store being unavailable, keeping the driver error as the cause',
    (code) => {
      const driverError = new Database.SqliteError('it failed', code);

      const translated = translateSqliteError(driverError);

      expect(translated).toBeInstanceOf(EventStoreUnavailableError);
      expect(translated.cause).toBe(driverError);
    },
  );

  it('reports a closed connection as the store being unavailable', () => {
    const translated = translateSqliteError(new TypeError('The database connection is not open'));

    expect(translated).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('hides any other driver error behind a plain error', () => {
    const driverError = new Database.SqliteError('UNIQUE constraint failed', 'SQLITE_CONSTRAINT_UNIQUE');

    const translated = translateSqliteError(driverError);

    expect(translated).not.toBeInstanceOf(Database.SqliteError);
    expect(translated.message).toMatch(/SQLITE_CONSTRAINT_UNIQUE/);
    expect(translated.cause).toBe(driverError);
  });

  it("passes the port's own errors and a projection's errors through unchanged", () => {
    const conflict = new WrongExpectedRevisionError('stream', 0, 1);
    const projectionFailure = new Error('cannot project');

    expect(translateSqliteError(conflict)).toBe(conflict);
    expect(translateSqliteError(projectionFailure)).toBe(projectionFailure);
  });

  it('treats only a lock held by another connection as worth retrying', () => {
    expect(isTransientSqliteError(translateSqliteError(new Database.SqliteError('busy', 'SQLITE_BUSY')))).toBe(true);
    expect(isTransientSqliteError(new Database.SqliteError('locked', 'SQLITE_LOCKED_SHAREDCACHE'))).toBe(true);
    expect(isTransientSqliteError(new Database.SqliteError('io', 'SQLITE_IOERR'))).toBe(false);
  });
});
