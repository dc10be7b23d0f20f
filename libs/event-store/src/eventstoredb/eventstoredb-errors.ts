import {
  CancelledError,
  convertToCommandError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../event-store';
import type { ExpectedRevision } from '../event-store';
import { toRevisionNumber } from './eventstoredb-mapping';

/** Turns the client's errors into the port's, so no vendor exception leaves the adapter. */
export function translateError(
  failure: unknown,
  context: { streamId?: string; expected?: ExpectedRevision; write?: boolean } = {},
): Error {
  // Some paths reject with the raw gRPC error (an append whose request stream fails first, for one).
  const error = failure instanceof Error ? convertToCommandError(failure) : failure;
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion === 'no_stream' ? 'no_stream' : toRevisionNumber(error.actualVersion);
    return new WrongExpectedRevisionError(
      context.streamId ?? error.streamName,
      context.expected ?? fromClientExpected(error.expectedVersion),
      actual,
    );
  }
  if (error instanceof EsdbStreamNotFoundError) {
    return new StreamNotFoundError(context.streamId ?? error.streamName);
  }
  if (isUnavailable(error)) {
    // A write the node may have received before the call failed may also have been written.
    const outcome = context.write === true && mayHaveBeenWritten(error) ? 'unknown' : 'not-recorded';
    return new EventStoreUnavailableError(`EventStoreDB is unavailable: ${error.message}`, { cause: error, outcome });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Failures after which the outcome of the call is unknown or the node cannot serve it: the client drops its channel on
 * these and reconnects on the next call (to the leader it was told about, after NotLeader). A commit timeout (gRPC
 * ABORTED) is one too; retrying with the same expected revision and event ids is safe.
 */
function isUnavailable(error: unknown): error is Error {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError ||
    error instanceof NotLeaderError ||
    error instanceof TimeoutError ||
    // Gossip discovery (cluster connection strings) gives up with a plain Error.
    (error instanceof Error && error.message.startsWith('Failed to discover after'))
  );
}

/** NotLeader and a failed discovery refuse a write before it is made; after the others nobody knows. */
function mayHaveBeenWritten(error: Error): boolean {
  return !(error instanceof NotLeaderError) && !error.message.startsWith('Failed to discover after');
}

function fromClientExpected(expected: WrongExpectedVersionError['expectedVersion']): ExpectedRevision {
  if (expected === 'no_stream' || expected === 'any') {
    return expected;
  }
  // The domain never appends with STREAM_EXISTS; should a server report it, "any existing revision" is closest.
  return expected === 'stream_exists' ? 'any' : toRevisionNumber(expected);
}
