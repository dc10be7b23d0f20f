import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { eventResponse, streamName, streamNotFoundResponse, unimplemented } from './messages';
import { compareToEvent, requestedPosition } from './positions';
import type { StandInLog, StoredEvent } from './stand-in-log';
import { subscribeToAll } from './subscription';
import type { GoingLiveCheckpoint, ScriptedCheckpoints, SubscriptionTraffic } from './subscription';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;

const { ReadDirection, StreamOptionCase, CountOptionCase } = ReadReq.Options;
const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
const { AllOptionCase } = ReadReq.Options.AllOptions;

/** `Streams.Read`: stream reads, `$all` reads and `$all` subscriptions; everything else answers UNIMPLEMENTED. */
export function readHandler(
  log: StandInLog,
  goingLive: GoingLiveCheckpoint,
  scripted: ScriptedCheckpoints,
  traffic: SubscriptionTraffic,
): handleServerStreamingCall<ReadReq, ReadResp> {
  return (call) => {
    const options = call.request.getOptions();
    if (options === undefined || !options.getUuidOption()?.hasString()) {
      // The 6.x client always asks for string ids; the structured form is not modelled.
      call.emit('error', unimplemented('a read without the string UUID option'));
      return;
    }
    const streamCase = options.getStreamOptionCase();
    const countCase = options.getCountOptionCase();
    if (countCase === CountOptionCase.SUBSCRIPTION && streamCase === StreamOptionCase.ALL) {
      subscribeToAll(log, options, call, goingLive, scripted, traffic);
      return;
    }
    if (countCase !== CountOptionCase.COUNT || options.hasFilter()) {
      call.emit('error', unimplemented('stream subscriptions and filtered reads'));
      return;
    }
    const count = Number(BigInt.asUintN(53, BigInt(options.getCount())));
    const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
    if (streamCase === StreamOptionCase.STREAM) {
      readStream(log, options.getStream(), backwards, count, call);
    } else {
      writeAll(call, readAll(log, options.getAll(), backwards).slice(0, count));
    }
  };
}

function readStream(
  log: StandInLog,
  options: ReadReq.Options.StreamOptions | undefined,
  backwards: boolean,
  count: number,
  call: ReadCall,
): void {
  const name = streamName(options?.getStreamIdentifier());
  const events = log.readableStream(name);
  if (events === undefined || events.length === 0) {
    // Reported in-band, after which the server ends the call normally.
    call.write(streamNotFoundResponse(name));
    call.end();
    return;
  }
  // After a soft delete and a new append the stream starts at its `$tb`, so revisions are not array indexes.
  const offset = Number(events[0]?.revision ?? 0n);
  const last = events.length - 1;
  const revisionCase = options?.getRevisionOptionCase();
  let from = 0;
  if (revisionCase === RevisionOptionCase.REVISION) {
    from = Math.max(0, Number(options?.getRevision()) - offset);
  } else if (revisionCase === RevisionOptionCase.END) {
    from = backwards ? last : events.length;
  }
  const selected = backwards ? events.slice(0, Math.min(from, last) + 1).reverse() : events.slice(from);
  writeAll(call, selected.slice(0, count));
}

/** Forwards from a position includes the event there; backwards from it returns only the ones before. */
function readAll(log: StandInLog, options: ReadReq.Options.AllOptions | undefined, backwards: boolean): StoredEvent[] {
  const all = [...log.all];
  const allCase = options?.getAllOptionCase();
  if (allCase === AllOptionCase.POSITION) {
    const position = requestedPosition(options?.getPosition());
    return backwards
      ? all.filter((event) => compareToEvent(position, event) > 0).reverse()
      : all.filter((event) => compareToEvent(position, event) <= 0);
  }
  if (allCase === AllOptionCase.END) {
    return backwards ? all.reverse() : [];
  }
  return backwards ? [] : all;
}

function writeAll(call: ReadCall, events: StoredEvent[]): void {
  for (const event of events) {
    call.write(eventResponse(event));
  }
  call.end();
}
