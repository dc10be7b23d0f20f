import type { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { LogPosition, StoredEvent } from './stand-in-log';

/** The `(commit, prepare)` pair a read or subscription asks to start from. */
export function requestedPosition(position: ReadReq.Options.Position | undefined): LogPosition {
  return {
    commit: BigInt(position?.getCommitPosition() ?? '0'),
    prepare: BigInt(position?.getPreparePosition() ?? '0'),
  };
}

/** Orders a position against an event's, commit first, then prepare, as the server's `$all` reader does. */
export function compareToEvent(position: LogPosition, event: StoredEvent): number {
  if (position.commit !== event.position) {
    return position.commit < event.position ? -1 : 1;
  }
  return position.prepare === event.position ? 0 : position.prepare < event.position ? -1 : 1;
}
