import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse, rpcError } from './messages';
import { compareToEvent, requestedPosition } from './positions';
import type { LogPosition, StandInLog, StoredEvent } from './stand-in-log';

/** The server reads filtered pages of this many events when the client sends no `maxSearchWindow`. */
const DEFAULT_SEARCH_WINDOW = 32;

/**
 * What a filtered subscription sends when it goes live:
 * - `none`: no checkpoint, only `caught_up` (23.10, and KurrentDB 25.0.1 with the fix of kurrent-io/KurrentDB#4975);
 * - `end-of-log`: a checkpoint at `(end of log, 0)`, the position the next event will be written at, before
 *   `caught_up` (KurrentDB 25.0.0, kurrent-io/KurrentDB#4970).
 */
export type GoingLiveCheckpoint = 'none' | 'end-of-log';

/** Where a test sends a checkpoint of its choosing to every open subscription, to script a sequence. */
export type ScriptedCheckpoints = Set<(position: LogPosition) => void>;

/** How many events the stand-in has written to subscriptions so far, so a test can see a slow consumer hold it back. */
export interface SubscriptionTraffic {
  eventsSent: number;
}

interface ServerFilter {
  matches(event: StoredEvent): boolean;
  /** Events considered (matching or not) between two checkpoints: multiplier x search window. */
  checkpointInterval: number;
}

/**
 * A catch-up subscription to `$all`, exclusive of its start position (a `(commit, prepare)` pair): confirmation, the
 * stored events, `caught_up`, then live events. A filtered subscription also gets a checkpoint after every
 * `checkpointInterval` considered events, at `(commit of the last considered event, 0)`, as the server reports them.
 *
 * Events are read from the log at a cursor and written only while the call has room: when the client stops reading,
 * the subscription waits for `drain`, so a slow consumer holds it back instead of growing a buffer without bound.
 * Live appends only wake the reader, which reads them from the log.
 */
export function subscribeToAll(
  log: StandInLog,
  options: ReadReq.Options,
  call: ServerWritableStream<ReadReq, ReadResp>,
  goingLive: GoingLiveCheckpoint,
  scripted: ScriptedCheckpoints,
  traffic: SubscriptionTraffic,
): void {
  const filter = options.hasFilter() ? toServerFilter(options.getFilter()) : undefined;
  if (typeof filter === 'string') {
    call.emit('error', rpcError(status.INVALID_ARGUMENT, filter));
    return;
  }
  const all = options.getAll();
  let next = 0;
  if (all?.hasEnd()) {
    next = log.all.length;
  } else if (all?.hasPosition()) {
    const from = requestedPosition(all.getPosition());
    const first = log.all.findIndex((event) => compareToEvent(from, event) < 0);
    next = first < 0 ? log.all.length : first;
  }
  let consideredUpTo = next > 0 ? (log.all[next - 1]?.position ?? -1n) : -1n;
  let scavenges = log.scavengeCount;
  let live = false;
  let waitingForRoom = false;
  let ended = false;
  let considered = 0;
  let lastCheckpoint: bigint | undefined;

  /** The server never repeats a periodic checkpoint or moves one backwards. Returns whether the call has room. */
  const checkpoint = (at: LogPosition): boolean => {
    if (lastCheckpoint !== undefined && at.commit <= lastCheckpoint) {
      return true;
    }
    lastCheckpoint = at.commit;
    return call.write(checkpointResponse(at));
  };
  const pump = (): void => {
    if (waitingForRoom || ended) {
      return;
    }
    let room = true;
    if (scavenges !== log.scavengeCount) {
      // A scavenge removed records before the cursor: find the first one past the last considered again.
      scavenges = log.scavengeCount;
      const after = log.all.findIndex((event) => event.position > consideredUpTo);
      next = after < 0 ? log.all.length : after;
    }
    for (let event = log.all[next]; event !== undefined && room; event = log.all[next]) {
      next += 1;
      consideredUpTo = event.position;
      if (filter === undefined || filter.matches(event)) {
        room = call.write(eventResponse(event));
        traffic.eventsSent += 1;
      }
      if (filter !== undefined && ++considered >= filter.checkpointInterval) {
        considered = 0;
        room = checkpoint({ commit: event.position, prepare: 0n }) && room;
      }
    }
    if (!room) {
      waitingForRoom = true;
      call.once('drain', () => {
        waitingForRoom = false;
        pump();
      });
      return;
    }
    if (!live) {
      // The count of considered events runs on across going live, as the server's does.
      live = true;
      if (filter !== undefined && goingLive === 'end-of-log') {
        checkpoint({ commit: log.endOfLog, prepare: 0n });
      }
      call.write(caughtUpResponse());
    }
  };
  const sendScripted = (position: LogPosition): void => {
    call.write(checkpointResponse(position));
  };

  call.write(confirmationResponse(randomUUID()));
  const stopListening = log.onAppended(pump);
  scripted.add(sendScripted);
  const stop = (): void => {
    ended = true;
    stopListening();
    scripted.delete(sendScripted);
  };
  call.on('cancelled', stop);
  call.on('error', stop);
  call.on('finish', stop);
  call.on('close', stop);
  pump();
}

function toServerFilter(options: ReadReq.Options.FilterOptions | undefined): ServerFilter | string {
  const multiplier = options?.getCheckpointintervalmultiplier() ?? 0;
  if (options === undefined || multiplier <= 0) {
    return 'a filter needs a positive checkpoint interval multiplier';
  }
  const window = options.hasMax() ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  const expression = options.getStreamIdentifier() ?? options.getEventType();
  const field = options.hasStreamIdentifier() ? 'streamId' : 'type';
  if (expression === undefined) {
    return 'a filter needs a stream-name or event-type expression';
  }
  const pattern = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  const test = (value: string): boolean =>
    pattern === undefined ? prefixes.some((prefix) => value.startsWith(prefix)) : pattern.test(value);
  return { matches: (event) => test(event[field]), checkpointInterval: multiplier * window };
}
