import { status } from '@grpc/grpc-js';
import type { handleClientStreamingCall } from '@grpc/grpc-js';
import type { AppendReq } from '@eventstore/db-client/generated/streams_pb';
import { AppendResp } from '@eventstore/db-client/generated/streams_pb';
import { empty, rpcError, streamName } from './messages';
import type { AppendOutcome, ExpectedState, ProposedEvent, StandInLog } from './stand-in-log';

/**
 * `Streams.Append`: one options message, then one proposed message per event, answered once the stream ends.
 * `ignoreExpectedRevision` makes a broken server that writes every append as `ANY` would, whatever revision it
 * expects: for tests that must show what the expected-revision check prevents.
 */
export function appendHandler(
  log: StandInLog,
  server: { ignoreExpectedRevision?: boolean } = {},
): handleClientStreamingCall<AppendReq, AppendResp> {
  return (call, callback) => {
    const requests: AppendReq[] = [];
    call.on('data', (request: AppendReq) => requests.push(request));
    call.on('error', () => undefined);
    call.on('end', () => {
      const [header, ...messages] = requests;
      const options = header?.getOptions();
      if (options === undefined || messages.some((message) => !message.hasProposedMessage())) {
        callback(rpcError(status.INVALID_ARGUMENT, 'expected options followed by proposed messages'));
        return;
      }
      const proposed: ProposedEvent[] = [];
      for (const message of messages) {
        const event = toProposed(message);
        if (typeof event === 'string') {
          callback(
            rpcError(status.INVALID_ARGUMENT, event, {
              exception: 'missing-required-metadata-property',
              'required-metadata-properties': 'type,content-type',
            }),
          );
          return;
        }
        proposed.push(event);
      }
      const expected: ExpectedState = server.ignoreExpectedRevision === true ? { kind: 'any' } : expectedState(options);
      const outcome = log.append(streamName(options.getStreamIdentifier()), expected, proposed);
      callback(null, toResponse(options, outcome));
    });
  };
}

function expectedState(options: AppendReq.Options): ExpectedState {
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

/** Returns the event, or why it was refused (the server requires both metadata keys). */
function toProposed(request: AppendReq): ProposedEvent | string {
  const message = request.getProposedMessage();
  const metadata = message?.getMetadataMap();
  const type = metadata?.get('type');
  const contentType = metadata?.get('content-type');
  const eventId = message?.getId()?.getString();
  if (message === undefined || type === undefined || contentType === undefined || !eventId) {
    return 'proposed message needs an id (string form) and the metadata keys type and content-type';
  }
  return {
    eventId,
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/** Mirrors the server's reply: current revision or no_stream, position or none, and fields 6-11 on a conflict. */
function toResponse(options: AppendReq.Options, outcome: AppendOutcome): AppendResp {
  const response = new AppendResp();
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.currentRevision < 0n) {
      success.setNoStream(empty());
    } else {
      success.setCurrentRevision(outcome.currentRevision.toString());
    }
    if (outcome.position === undefined) {
      success.setNoPosition(empty());
    } else {
      const position = outcome.position.toString();
      success.setPosition(new AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
    }
    return response.setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.currentRevision === undefined) {
    wrong.setCurrentNoStream(empty());
  } else {
    wrong.setCurrentRevision(outcome.currentRevision.toString());
  }
  if (options.hasRevision()) {
    wrong.setExpectedRevision(options.getRevision());
  } else if (options.hasNoStream()) {
    wrong.setExpectedNoStream(empty());
  } else if (options.hasStreamExists()) {
    wrong.setExpectedStreamExists(empty());
  } else {
    wrong.setExpectedAny(empty());
  }
  return response.setWrongExpectedVersion(wrong);
}
