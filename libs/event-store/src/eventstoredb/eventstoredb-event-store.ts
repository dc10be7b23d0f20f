import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, START } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, ResolvedEvent, StreamingRead } from '@eventstore/db-client';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  RecordedEvent,
  StreamErasure,
  Subscription,
  SubscriptionFilter,
  SubscriptionHandlers,
} from '../event-store';
import { EventStoreUnavailableError } from '../event-store';
import { AppendGate } from './eventstoredb-append-gate';
import { splitAppendId } from './eventstoredb-append-id';
import { ErasedStreams } from './eventstoredb-erased-streams';
import { translateError } from './eventstoredb-errors';
import { claimEventIds } from './eventstoredb-event-id-claims';
import {
  comparePositions,
  reasonToSkip,
  toEventData,
  toExpectedRevision,
  toPosition,
  toRecordedEvent,
  toRevisionNumber,
} from './eventstoredb-mapping';
import { eraseEventStoreDbStream } from './eventstoredb-stream-erasure';
import { EventStoreDbSubscription } from './eventstoredb-subscription';
import type { ResubscribeOptions } from './eventstoredb-subscription';

export interface EventStoreDbEventStoreOptions {
  /**
   * `esdb://host:2113?tls=false` for an insecure node; `esdb://user:pass@node1:2113,node2:2113,node3:2113?tlsCAFile=…`
   * for a secure cluster (the 6.x client ignores `tlsVerifyCert=false`, so self-signed clusters need `tlsCAFile`).
   * Also accepted by KurrentDB servers, which speak the same protocol.
   */
  connectionString: string;
  /** Backoff between resubscriptions after a subscription fails; defaults to 250 ms doubling up to 10 s. */
  resubscribe?: ResubscribeOptions;
}

const DEFAULT_RESUBSCRIBE: ResubscribeOptions = { initialDelayMs: 250, maxDelayMs: 10_000 };
const DEFAULT_PAGE_SIZE = 500;
/** Appends in flight at once on the client; enough to keep a node's writer busy, few enough to meet their deadlines. */
const APPENDS_IN_FLIGHT = 64;
/** Reads in the 6.x client carry no deadline, so a ping bounds its own wait. */
const PING_TIMEOUT_MS = 5_000;

/** The port over EventStoreDB (or KurrentDB) through `@eventstore/db-client`. The connection opens on first use. */
export function createEventStoreDbEventStore(options: EventStoreDbEventStoreOptions): EventStore {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const resubscribe = options.resubscribe ?? DEFAULT_RESUBSCRIBE;
  const subscriptions = new Set<Subscription>();
  const erased = new ErasedStreams(client);
  const appendGate = new AppendGate(APPENDS_IN_FLIGHT);

  async function append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) {
      throw new RangeError(`An append to ${streamId} needs at least one event`);
    }
    const appendId = randomUUID();
    const proposed = events.map((event) => toEventData(event, appendId));
    return appendGate.run(async () => {
      const { claimedBefore } = await claimEventIds(
        client,
        streamId,
        events.map((event) => event.eventId),
        appendId,
      );
      let appended: AppendResult;
      try {
        const result = await client.appendToStream(streamId, proposed, {
          expectedRevision: toExpectedRevision(expected),
        });
        // Servers before the idempotent-position change answer a duplicate append without a position.
        const position = result.position?.commit ?? (await positionOf(streamId, result.nextExpectedRevision));
        appended = { nextExpectedRevision: toRevisionNumber(result.nextExpectedRevision), position };
      } catch (error) {
        throw translateError(error, { streamId, expected, write: true });
      }
      // The server answers a re-append of events already at this revision as it answers a write: where the ids were
      // claimed before, the events say which append wrote them.
      if (claimedBefore && !(await wroteThem(streamId, appended.nextExpectedRevision, events.length, appendId))) {
        return { ...appended, alreadyRecorded: true };
      }
      return appended;
    });
  }

  /** Whether the `count` events ending at `lastRevision` carry this append's id, rather than an earlier append's. */
  async function wroteThem(streamId: string, lastRevision: number, count: number, appendId: string): Promise<boolean> {
    try {
      const written = client.readStream(streamId, { fromRevision: BigInt(lastRevision - count + 1), maxCount: count });
      let ours = true;
      // Read to the end rather than return early: an abandoned read keeps its call open until the client is disposed.
      for await (const resolved of written) {
        const metadata = resolved.event?.metadata;
        const stored = typeof metadata === 'object' && metadata !== null && !(metadata instanceof Uint8Array);
        ours &&= stored && splitAppendId(metadata as JsonObject).appendId === appendId;
      }
      return ours;
    } catch (error) {
      throw translateError(error, { streamId });
    }
  }

  async function positionOf(streamId: string, revision: bigint): Promise<bigint> {
    const [event] = await collect(client.readStream(streamId, { fromRevision: revision, maxCount: 1 }));
    if (event === undefined) {
      throw new Error(`Revision ${revision} of ${streamId} vanished right after the append reported it`);
    }
    return event.position;
  }

  async function readStream(streamId: string, options: { fromRevision?: number } = {}): Promise<RecordedEvent[]> {
    try {
      return await collect(client.readStream(streamId, { fromRevision: BigInt(options.fromRevision ?? 0) }));
    } catch (error) {
      throw translateError(error, { streamId });
    }
  }

  /**
   * Pages through `$all` (the 6.x client cannot filter reads server-side). A read from a position includes the event
   * there, so pages after the first ask for one more and drop what is not past the cursor, comparing
   * `(commit, prepare)` pairs. Events the port cannot represent are skipped and reported, never thrown, and so are
   * the events of erased streams that `$all` returns until a scavenge (the registry is caught up before each page).
   */
  async function* readAll(options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
    const pageSize = Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE);
    let cursor = options.after === undefined ? undefined : toPosition(options.after);
    for (;;) {
      const maxCount = cursor === undefined ? pageSize : pageSize + 1;
      const page: RecordedEvent[] = [];
      let received = 0;
      try {
        await erased.refresh();
        for await (const resolved of client.readAll({ fromPosition: cursor ?? START, maxCount })) {
          received += 1;
          const event = resolved.event;
          if (event === undefined || (cursor !== undefined && comparePositions(event.position, cursor) <= 0)) {
            continue;
          }
          cursor = { commit: event.position.commit, prepare: event.position.prepare };
          const reason = reasonToSkip(event) ?? (erased.hides(event) ? 'erased' : undefined);
          if (reason === undefined) {
            page.push(toRecordedEvent(event));
          } else {
            const { streamId, type } = event;
            options.onSkipped?.({ streamId, type, position: event.position.commit, reason });
          }
        }
      } catch (error) {
        throw translateError(error);
      }
      // Yield only after the page's read has finished, so a slow or abandoned consumer holds no gRPC call open.
      yield* page;
      if (received < maxCount) {
        return;
      }
    }
  }

  function subscribeAll(
    options: { after?: bigint; filter?: SubscriptionFilter },
    handlers: SubscriptionHandlers,
  ): Subscription {
    const subscription: Subscription = new EventStoreDbSubscription(
      client,
      erased,
      options.filter,
      handlers,
      resubscribe,
      options.after,
      () => subscriptions.delete(subscription),
    );
    subscriptions.add(subscription);
    return subscription;
  }

  /**
   * The commit position of the log's last record, whatever its stream (0 for an empty log): one record read backwards
   * from the end. Reads in the 6.x client carry no deadline, so this bounds its own wait; a ping is the same read.
   */
  async function lastPosition(): Promise<bigint> {
    const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new EventStoreUnavailableError('EventStoreDB did not answer a read of its last record in time')),
        PING_TIMEOUT_MS,
      );
    });
    try {
      const last = await Promise.race([lastOf(read), timeout]);
      return last?.position.commit ?? 0n;
    } catch (error) {
      await read.cancel();
      throw translateError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async function ping(): Promise<void> {
    await lastPosition();
  }

  async function close(): Promise<void> {
    await Promise.all([...subscriptions].map((subscription) => subscription.close()));
    await client.dispose();
  }

  function eraseStream(streamId: string): Promise<StreamErasure> {
    return eraseEventStoreDbStream(client, erased, streamId);
  }

  return { append, readStream, readAll, subscribeAll, eraseStream, lastPosition, ping, close };
}

async function collect(read: StreamingRead<ResolvedEvent>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) {
    if (resolved.event !== undefined) {
      events.push(toRecordedEvent(resolved.event));
    }
  }
  return events;
}

async function lastOf(read: StreamingRead<AllStreamResolvedEvent>): Promise<AllStreamResolvedEvent['event']> {
  let last: AllStreamResolvedEvent['event'];
  for await (const resolved of read) {
    last = resolved.event ?? last;
  }
  return last;
}
