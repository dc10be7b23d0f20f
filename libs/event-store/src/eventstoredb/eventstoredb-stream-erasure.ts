import { BACKWARDS, END, jsonEvent, WrongExpectedVersionError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { StreamErasure } from '../event-store';
import { StreamNotFoundError } from '../event-store';
import type { ErasedStreams } from './eventstoredb-erased-streams';
import { translateError } from './eventstoredb-errors';
import { ERASURE_CLOSE_TYPE } from './eventstoredb-mapping';
import { startScavenge } from './eventstoredb-scavenge';

/** Appends to the stream between our read and our delete are rare (a bounce at the moment of erasure); retry those. */
const ATTEMPTS = 3;

/**
 * Erases a stream on EventStoreDB with a soft delete, never a tombstone: a tombstone forbids the stream for ever,
 * while a later bounce of an address kept suppressed must be able to start a new history in it.
 *
 * 1. The stream is closed with an event that holds nothing (`StreamClosedForErasure`) at the revision read: a
 *    scavenge never removes the last event of a stream, so that one must not be personal.
 * 2. The erasure is recorded in the adapter's registry (`erased-streams`), up to and including that event, so `$all`
 *    readers skip the events the server still returns there.
 * 3. The stream is soft-deleted at the closing event's revision (`$tb` = `long.MaxValue`): reads answer not found,
 *    and the next append, with `no_stream`, continues after the closing event with `$tb` moved there.
 * 4. A scavenge is asked for, which rewrites the completed chunks without the deleted events. Its outcome is
 *    reported: until it has run (and until the chunk being written is completed and scavenged), the bytes remain.
 */
export async function eraseEventStoreDbStream(
  client: EventStoreDBClient,
  erased: ErasedStreams,
  streamId: string,
): Promise<StreamErasure> {
  for (let attempt = 1; ; attempt++) {
    const { count, lastRevision, lastPosition } = await streamExtent(client, streamId);
    if (lastPosition >= (await logTail(client))) {
      throw new RangeError(`Stream ${streamId} holds the log's last event; record the erasure before erasing it`);
    }
    try {
      const closed = await client.appendToStream(streamId, jsonEvent({ type: ERASURE_CLOSE_TYPE, data: {} }), {
        expectedRevision: lastRevision,
      });
      await erased.record(streamId, closed.nextExpectedRevision + 1n);
      await client.deleteStream(streamId, { expectedRevision: closed.nextExpectedRevision });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError && attempt < ATTEMPTS) {
        continue;
      }
      throw translateError(error, { streamId });
    }
    return { erasedEvents: count, scavenge: await startScavenge(client) };
  }
}

/**
 * How many events a read of the stream returns (a closing event left by an erasure that failed after it is not one of
 * them), and its last one's revision and position.
 */
async function streamExtent(
  client: EventStoreDBClient,
  streamId: string,
): Promise<{ count: number; lastRevision: bigint; lastPosition: bigint }> {
  let count = 0;
  let last: { revision: bigint; position: bigint } | undefined;
  try {
    for await (const resolved of client.readStream(streamId)) {
      if (resolved.event !== undefined) {
        count += resolved.event.type === ERASURE_CLOSE_TYPE ? 0 : 1;
        last = { revision: resolved.event.revision, position: resolved.event.position?.commit ?? 0n };
      }
    }
  } catch (error) {
    throw translateError(error, { streamId });
  }
  if (last === undefined) {
    throw new StreamNotFoundError(streamId);
  }
  return { count, lastRevision: last.revision, lastPosition: last.position };
}

async function logTail(client: EventStoreDBClient): Promise<bigint> {
  let tail = 0n;
  try {
    for await (const resolved of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
      tail = resolved.event?.position.commit ?? tail;
    }
  } catch (error) {
    throw translateError(error);
  }
  return tail;
}
