import { DeadlineExceededError, UnavailableError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../event-store';
import { translateError } from './eventstoredb-errors';

describe('translateError: what an unavailable store means for a write', () => {
  it.each([
    ['a deadline', () => new DeadlineExceededError(undefined, 'Deadline exceeded')],
    ['a dropped connection', () => new UnavailableError(undefined, 'Connection dropped')],
  ])('says a write that failed on %s may have been recorded', (_name, failure) => {
    const error = translateError(failure(), { streamId: 'recipient-x', expected: 'no_stream', write: true });
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as EventStoreUnavailableError).outcome).toBe('unknown');
  });

  it('says nothing was recorded when a read fails the same way', () => {
    const error = translateError(new DeadlineExceededError(undefined, 'Deadline exceeded'), {
      streamId: 'recipient-x',
    });
    expect((error as EventStoreUnavailableError).outcome).toBe('not-recorded');
  });

  it('says nothing was recorded when the cluster could not be found, so no write was made', () => {
    const error = translateError(new Error('Failed to discover after 10 attempts'), { write: true });
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as EventStoreUnavailableError).outcome).toBe('not-recorded');
  });
});
