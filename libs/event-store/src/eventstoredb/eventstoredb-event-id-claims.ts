import { jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { v5 as uuidV5 } from 'uuid';
import { DuplicateEventIdError } from '../event-store';
import { translateError } from './eventstoredb-errors';
import { serverEventId } from './eventstoredb-event-ids';
import { CLAIM_STREAM_PREFIX, CLAIM_TYPE } from './eventstoredb-mapping';

/**
 * EventStoreDB dedupes event ids per stream only: the same id appended to another stream is written again. The port
 * promises one rule on every store (an id belongs to one stream), so before an append each id is claimed in a stream
 * of its own, `event-id-<id>`, whose one event names the stream the id belongs to.
 *
 * The claim's own id is derived from (event id, stream, append), so only the first append to claim an id creates
 * the claim stream; any later one, for another stream or for the same, finds it. A claim is kept even if the append
 * after it fails on its expected revision: the id stays reserved to the stream it was first appended to, which is
 * where a retry goes.
 *
 * Answers whether any of the ids was claimed for this stream before this append: then another append (a concurrent
 * one in another process, or an earlier attempt) may already have written the events.
 */
export async function claimEventIds(
  client: EventStoreDBClient,
  streamId: string,
  eventIds: string[],
  appendId: string,
): Promise<{ claimedBefore: boolean }> {
  const before = await Promise.all(eventIds.map((eventId) => claimEventId(client, streamId, eventId, appendId)));
  return { claimedBefore: before.includes(true) };
}

async function claimEventId(
  client: EventStoreDBClient,
  streamId: string,
  eventId: string,
  appendId: string,
): Promise<boolean> {
  const claimStream = CLAIM_STREAM_PREFIX + eventId;
  const claim = jsonEvent({
    id: uuidV5(`${streamId}\n${appendId}`, serverEventId(eventId)),
    type: CLAIM_TYPE,
    data: { streamId },
  });
  try {
    await client.appendToStream(claimStream, claim, { expectedRevision: NO_STREAM });
    return false;
  } catch (error) {
    if (!(error instanceof WrongExpectedVersionError)) {
      throw translateError(error);
    }
    const recordedIn = await claimant(client, claimStream);
    if (recordedIn !== streamId) {
      throw new DuplicateEventIdError(eventId, { appendedTo: streamId, recordedIn });
    }
    return true;
  }
}

async function claimant(client: EventStoreDBClient, claimStream: string): Promise<string> {
  let recordedIn: unknown;
  try {
    // Read to the end rather than break out early: an abandoned read keeps its call open until the client is disposed.
    for await (const resolved of client.readStream(claimStream, { maxCount: 1 })) {
      const data = resolved.event?.data;
      recordedIn = typeof data === 'object' && data !== null && 'streamId' in data ? data.streamId : undefined;
    }
  } catch (error) {
    throw translateError(error);
  }
  if (typeof recordedIn !== 'string') {
    throw new Error(`${claimStream} exists but names no stream`);
  }
  return recordedIn;
}
