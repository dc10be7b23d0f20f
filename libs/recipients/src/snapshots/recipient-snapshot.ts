import type { RecipientState } from '@app/domain';
import { MAX_SOFT_BOUNCE_LIMIT, SCHEMA_VERSION } from '@app/domain';

/** A recipient's folded state as of one event of its stream. */
export interface RecipientSnapshot {
  state: RecipientState;
  /** Revision of the last event folded into the state. */
  revision: number;
  /** Log position of that event: the snapshot holds only while the stream has this very event at that revision. */
  position: bigint;
}

/**
 * What a snapshot's state depends on besides its events: the state's shape, the event schema its events were upcast
 * to, and the per-class cap on the kept run (the one policy bound folding applies). A snapshot taken under another
 * format is ignored and the stream folded from its start; change the shape's number whenever the state changes.
 */
export const RECIPIENT_SNAPSHOT_FORMAT = `recipient-state:1;events:${SCHEMA_VERSION};run-cap:${MAX_SOFT_BOUNCE_LIMIT}`;

/** The state is plain data (strings, numbers, booleans, null, arrays and records of them): JSON keeps it whole. */
export function serialiseRecipientState(state: RecipientState): string {
  return JSON.stringify(state);
}

export function deserialiseRecipientState(text: string): RecipientState {
  return JSON.parse(text) as RecipientState;
}
