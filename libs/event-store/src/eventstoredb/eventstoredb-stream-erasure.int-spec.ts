import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreStandIn, StandInLog } from '../testing/esdb-stand-in';
import type { EventStoreStandIn, StoredEvent } from '../testing/esdb-stand-in';
import type { EventStore, EventToAppend, RecordedEvent, SkippedEvent } from '../event-store';
import { describeStreamErasureContract } from '../testing/stream-erasure.contract';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

const ADDRESS = 'jane.doe@example.org';
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

describeStreamErasureContract('EventStoreDB (protocol stand-in)', async () => {
  const standIn = await startEventStoreStandIn();
  const store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
  return {
    store,
    dispose: async () => {
      await store.close();
      await standIn.stop();
    },
  };
});

if (realServer !== undefined) {
  describeStreamErasureContract('EventStoreDB (real server)', () => {
    const store = createEventStoreDbEventStore({ connectionString: realServer });
    return Promise.resolve({ store, dispose: () => store.close() });
  });
}

function bounce(address: string): EventToAppend {
  return { eventId: randomUUID(), type: 'BounceReceived', data: { address, diagnostic: `550 <${address}> unknown` } };
}

/** Every record of the stand-in's log (in `$all` and in every stream's index) whose data or metadata holds the text. */
function recordsHolding(log: StandInLog, text: string): StoredEvent[] {
  const needle = Buffer.from(text, 'utf8');
  return log.all.filter(
    (event) => Buffer.from(event.data).includes(needle) || Buffer.from(event.customMetadata).includes(needle),
  );
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) {
    all.push(event);
  }
  return all;
}

describe('erasing a stream on EventStoreDB (against the stand-in)', () => {
  let standIn: EventStoreStandIn;
  let store: EventStore;
  let log: StandInLog;

  /** A small chunk size, so a test can fill the chunk being written and see a scavenge reach it. */
  async function start(chunkSize = 4_096n): Promise<void> {
    log = new StandInLog('original', chunkSize);
    standIn = await startEventStoreStandIn({ log });
    store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
  }
  /** Other traffic, until the chunk being written is completed and another begins. */
  async function fillChunk(): Promise<void> {
    const chunk = log.endOfLog / log.chunkSize;
    while (log.endOfLog / log.chunkSize === chunk) {
      await store.append(`filler-${randomUUID()}`, [bounce('filler@example.com')], 'no_stream');
    }
  }

  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  it('soft-deletes with $tb at long.MaxValue after a closing event, and starts a scavenge', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS), bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');

    const erasure = await store.eraseStream('recipient-a');

    expect(erasure).toEqual({ erasedEvents: 2, scavenge: { started: true, scavengeId: expect.any(String) } });
    expect(standIn.scavenges).toHaveLength(1);
    expect(log.truncatedBefore('recipient-a')).toBe(9_223_372_036_854_775_807n);
    expect(log.stream('recipient-a')?.map((event) => event.type)).toEqual([
      'BounceReceived',
      'BounceReceived',
      'StreamClosedForErasure',
    ]);
    expect(log.all.filter((event) => event.streamId === '$$recipient-a').map((event) => event.type)).toEqual([
      '$metadata',
    ]);
  });

  it('leaves the bytes in the chunk being written until it is completed and scavenged again', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');

    await store.eraseStream('recipient-a');
    expect(recordsHolding(log, ADDRESS)).toHaveLength(1);
    await fillChunk();
    // The operator's next scheduled scavenge.
    log.scavenge();

    expect(recordsHolding(log, ADDRESS)).toEqual([]);
    expect(log.stream('recipient-a')?.map((event) => event.scavenged)).toEqual([true, undefined]);
    // The one event a scavenge keeps of a stream is the closing one, which holds nothing.
    expect(log.all.filter((event) => event.streamId === 'recipient-a').map((event) => event.type)).toEqual([
      'StreamClosedForErasure',
    ]);
  });

  it('removes the events at once when they lie in completed chunks', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS)], 'no_stream');
    await fillChunk();

    await store.eraseStream('recipient-a');

    expect(recordsHolding(log, ADDRESS)).toEqual([]);
  });

  it('reports a scavenge the credentials may not start, and still erases', async () => {
    await start();
    standIn.refuseScavenges(true);
    await store.append('recipient-a', [bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');

    const erasure = await store.eraseStream('recipient-a');

    expect(erasure?.scavenge).toEqual({ started: false, reason: expect.stringMatching(/\$ops or admin/) });
    expect((await collect(store.readAll())).map((event) => event.streamId)).toEqual(['recipient-b']);
  });

  it('skips erased events that $all still returns, reporting them, on another connection too', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS), bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');
    await store.eraseStream('recipient-a');
    const replica = createEventStoreDbEventStore({ connectionString: standIn.connectionString });

    try {
      const skipped: SkippedEvent[] = [];
      const read = await collect(replica.readAll({ onSkipped: (event) => skipped.push(event) }));

      expect(recordsHolding(log, ADDRESS)).toHaveLength(2);
      expect(read.map((event) => event.streamId)).toEqual(['recipient-b']);
      expect(skipped.filter((event) => event.reason === 'erased').map((event) => event.streamId)).toEqual([
        'recipient-a',
        'recipient-a',
      ]);
      expect(skipped.filter((event) => event.reason === 'store_bookkeeping').map((event) => event.type)).toEqual(
        expect.arrayContaining(['StreamClosedForErasure', 'StreamErased']),
      );
    } finally {
      await replica.close();
    }
  });

  it('finishes an erasure that stopped after closing the stream, counting only what it erases', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');
    const client = EventStoreDBClient.connectionString(standIn.connectionString);
    try {
      await client.appendToStream('recipient-a', jsonEvent({ type: 'StreamClosedForErasure', data: {} }));
    } finally {
      await client.dispose();
    }
    // The repeated erasure records itself elsewhere first, as every erasure does.
    await store.append('do-not-send', [bounce('none')], 'any');

    const erasure = await store.eraseStream('recipient-a');

    expect(erasure.erasedEvents).toBe(1);
    expect(log.truncatedBefore('recipient-a')).toBe(9_223_372_036_854_775_807n);
    expect((await collect(store.readAll())).map((event) => event.streamId)).toEqual(['recipient-b', 'do-not-send']);
  });

  it('numbers a new history after the closing event, with $tb moved there', async () => {
    await start();
    await store.append('recipient-a', [bounce(ADDRESS), bounce(ADDRESS)], 'no_stream');
    await store.append('recipient-b', [bounce('kept@example.org')], 'no_stream');
    await store.eraseStream('recipient-a');

    const appended = await store.append('recipient-a', [bounce(ADDRESS)], 'no_stream');

    expect(appended.nextExpectedRevision).toBe(3);
    expect(log.truncatedBefore('recipient-a')).toBe(3n);
    expect((await store.readStream('recipient-a')).map((event) => event.revision)).toEqual([3]);
  });
});
