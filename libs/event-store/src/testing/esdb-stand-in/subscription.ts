import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { caughtUpResponse, checkpointResponse, confirmationResponse, eventResponse, rpcError } from './messages';
import type { StandInLog, StoredEvent } from './stand-in-log';

/** The server reads filtered pages of this many events when the client sends no `maxSearchWindow`. */
const DEFAULT_SEARCH_WINDOW = 32;

interface ServerFilter {
  matches(event: StoredEvent): boolean;
  /** Events considered (matching or not) between two checkpoints: multiplier x search window. */
  checkpointInterval: number;
}

/**
 * A catch-up subscription to `$all`, exclusive of its start position: confirmation, the stored events, a checkpoint
 * and `caught_up` when it reaches the end, then live events. Filtered subscriptions also get a checkpoint after every
 * `checkpointInterval` considered events. Catch-up runs synchronously and the live listener is registered in the same
 * turn, so no append can fall between the two phases.
 */
export function subscribeToAll(
  log: StandInLog,
  options: ReadReq.Options,
  call: ServerWritableStream<ReadReq, ReadResp>,
): void {
  const filter = options.hasFilter() ? toServerFilter(options.getFilter()) : undefined;
  if (typeof filter === 'string') {
    call.emit('error', rpcError(status.INVALID_ARGUMENT, filter));
    return;
  }
  const all = options.getAll();
  let position: bigint | undefined;
  if (all?.hasEnd()) {
    position = log.lastPosition;
  } else if (all?.hasPosition()) {
    position = BigInt(all.getPosition()?.getCommitPosition() ?? '0');
  }
  let lastCheckpoint: bigint | undefined;
  let considered = 0;
  const checkpoint = (at: bigint): void => {
    // The server never repeats or moves a checkpoint backwards.
    if (lastCheckpoint === undefined || at > lastCheckpoint) {
      lastCheckpoint = at;
      call.write(checkpointResponse(at));
    }
  };
  const consider = (event: StoredEvent): void => {
    if (filter === undefined || filter.matches(event)) {
      call.write(eventResponse(event));
    }
    position = event.position;
    if (filter !== undefined && ++considered >= filter.checkpointInterval) {
      considered = 0;
      checkpoint(event.position);
    }
  };

  call.write(confirmationResponse(randomUUID()));
  if (!all?.hasEnd()) {
    for (const event of log.all) {
      if (position === undefined || event.position > position) {
        consider(event);
      }
    }
    if (filter !== undefined && position !== undefined) {
      checkpoint(position);
    }
  }
  call.write(caughtUpResponse());
  considered = 0;
  const stopListening = log.onAppended(consider);
  call.on('cancelled', stopListening);
  call.on('error', stopListening);
  call.on('finish', stopListening);
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
