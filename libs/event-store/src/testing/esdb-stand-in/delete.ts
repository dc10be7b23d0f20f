import { status } from '@grpc/grpc-js';
import type { handleUnaryCall } from '@grpc/grpc-js';
import type { DeleteReq } from '@eventstore/db-client/generated/streams_pb';
import { DeleteResp } from '@eventstore/db-client/generated/streams_pb';
import { rpcError, streamName } from './messages';
import type { ExpectedState, StandInLog } from './stand-in-log';

/**
 * `Streams.Delete`, the soft delete: checks the expected revision against the stream, then sets its `$tb` to
 * `long.MaxValue` (`StandInLog.softDelete`) and answers the position of that metadata write. A wrong expected
 * revision is the `wrong-expected-version` error with the trailers the server sends (Streams.Delete.cs).
 */
export function deleteHandler(log: StandInLog): handleUnaryCall<DeleteReq, DeleteResp> {
  return (call, callback) => {
    const options = call.request.getOptions();
    if (options === undefined) {
      callback(rpcError(status.INVALID_ARGUMENT, 'a delete needs its options'));
      return;
    }
    const name = streamName(options.getStreamIdentifier());
    const expected = expectedState(options);
    if (expected.kind === 'no_stream') {
      // Since EventStore#3154 the server refuses NO_STREAM for a stream that does not implicitly exist.
      const length = log.stream(name)?.length ?? 0;
      callback(wrongExpectedVersion(name, '-1', length === 0 ? undefined : BigInt(length - 1)));
      return;
    }
    const outcome = log.softDelete(name, expected);
    if (outcome.kind === 'wrong_expected_version') {
      callback(wrongExpectedVersion(name, expectedVersionTrailer(options), outcome.currentRevision));
      return;
    }
    const position = outcome.position.toString();
    const response = new DeleteResp().setPosition(
      new DeleteResp.Position().setCommitPosition(position).setPreparePosition(position),
    );
    callback(null, response);
  };
}

function expectedState(options: DeleteReq.Options): ExpectedState {
  if (options.hasRevision()) {
    return { kind: 'revision', revision: BigInt(options.getRevision()) };
  }
  if (options.hasNoStream()) {
    return { kind: 'no_stream' };
  }
  if (options.hasStreamExists()) {
    return { kind: 'stream_exists' };
  }
  return { kind: 'any' };
}

/** The server's trailer: a revision, or -1 (no stream), -2 (any), -4 (stream exists). */
function expectedVersionTrailer(options: DeleteReq.Options): string {
  if (options.hasRevision()) {
    return options.getRevision();
  }
  return options.hasNoStream() ? '-1' : options.hasStreamExists() ? '-4' : '-2';
}

/** `actual-version` is omitted for a stream that does not exist, which the client reads as `no_stream`. */
function wrongExpectedVersion(name: string, expected: string, current: bigint | undefined) {
  const trailers: Record<string, string> = {
    exception: 'wrong-expected-version',
    'stream-name': name,
    'expected-version': expected,
  };
  if (current !== undefined) {
    trailers['actual-version'] = current.toString();
  }
  return rpcError(status.FAILED_PRECONDITION, `Delete failed due to WrongExpectedVersion. Stream: ${name}`, trailers);
}
