import { randomUUID } from 'node:crypto';
import {
  ANY,
  BACKWARDS,
  binaryEvent,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  streamNameFilter,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import type { AllStreamResolvedEvent, Position, ResolvedEvent } from '@eventstore/db-client';
// eslint-disable-next-line no-restricted-imports -- a test server, deliberately outside @app/event-store's public entry
import { startEventStoreStandIn } from '../../libs/event-store/src/testing/esdb-stand-in';

/**
 * The official Node.js client's own tests (EventStore-Client-NodeJS, packages/test/src/streams) for the operations the
 * adapter uses: appendToStream, readStream, readAll, subscribeToAll and its filters, deleteStream. Adapted to run against a log that
 * other tests share: every test writes to streams of its own and counts only those. Against the stand-in by default;
 * against a real node when EVENTSTORE_CONNECTION_STRING is set (`npm run test:eventstoredb`). A behaviour the stand-in
 * does not model is an explicit skip naming what the real server does.
 */
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
const onStandIn = realServer === undefined;
/** Runs on the real server only; on the stand-in it is skipped under a name that says what the server does. */
const realServerOnly = onStandIn ? it.skip : it;

jest.setTimeout(30_000);

describe(`the official client's stream tests, adapted (${onStandIn ? 'protocol stand-in' : 'real server'})`, () => {
  let standIn: Awaited<ReturnType<typeof startEventStoreStandIn>> | undefined;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    if (realServer === undefined) {
      standIn = await startEventStoreStandIn();
    }
    client = EventStoreDBClient.connectionString(realServer ?? standIn?.connectionString ?? '');
  });

  afterAll(async () => {
    await client.dispose();
    await standIn?.stop();
  });

  describe('appendToStream', () => {
    it('appends json events', async () => {
      const result = await client.appendToStream(name('json'), testEvents(4));

      expect(result.nextExpectedRevision).toBe(3n);
    });

    it('keeps a unicode string in a json event', async () => {
      const stream = name('encode');
      await client.appendToStream(stream, jsonEvent({ type: 'TestEncode', data: 'CC ‐ 1830' }));

      const [read] = await collect(client.readStream(stream, { maxCount: 1 }));

      expect(read?.event?.data).toBe('CC ‐ 1830');
    });

    it('appends binary events', async () => {
      const result = await client.appendToStream(name('binary'), binaryEvent({ type: 'b', data: Buffer.from('x') }));

      expect(result.nextExpectedRevision).toBe(0n);
    });

    it('reads back json metadata of a json event', async () => {
      const stream = name('metadata');
      await client.appendToStream(stream, jsonEvent({ type: 'm', data: {}, metadata: { metaMessage: 'meta' } }));

      const [read] = await collect(client.readStream(stream, { maxCount: 1 }));

      expect(read?.event?.metadata).toEqual({ metaMessage: 'meta' });
    });

    it('reads back binary metadata of a binary event', async () => {
      const stream = name('metadata-binary');
      const metadata = Buffer.from('How meta is this?');
      await client.appendToStream(stream, binaryEvent({ type: 'm', data: Buffer.from('d'), metadata }));

      const [read] = await collect(client.readStream(stream, { maxCount: 1 }));

      expect(Buffer.from(read?.event?.metadata as Uint8Array).toString()).toBe('How meta is this?');
    });

    it('reads back no metadata when none was given', async () => {
      const stream = name('metadata-none');
      await client.appendToStream(stream, jsonEvent({ type: 'm', data: {} }));

      const [read] = await collect(client.readStream(stream, { maxCount: 1 }));

      expect(read?.event?.metadata).toBeUndefined();
    });

    realServerOnly('links an event with $> (the server resolves link events; the stand-in has no resolveLinkTos)', () =>
      Promise.resolve(),
    );

    it('succeeds with ANY', async () => {
      const result = await client.appendToStream(name('any'), testEvents(1), { expectedRevision: ANY });

      expect(result.nextExpectedRevision).toBe(0n);
    });

    it('succeeds with NO_STREAM on a new stream', async () => {
      const result = await client.appendToStream(name('new'), testEvents(2), { expectedRevision: NO_STREAM });

      expect(result.nextExpectedRevision).toBe(1n);
    });

    it('fails NO_STREAM on a stream that exists, naming the actual revision', async () => {
      const stream = name('exists');
      await client.appendToStream(stream, testEvents(2));

      const failure = await failureOf(client.appendToStream(stream, testEvents(1), { expectedRevision: NO_STREAM }));

      expect(failure).toBeInstanceOf(WrongExpectedVersionError);
      expect(failure).toMatchObject({ streamName: stream, expectedVersion: NO_STREAM, actualVersion: 1n });
    });

    it('succeeds with STREAM_EXISTS on a stream that exists', async () => {
      const stream = name('exists');
      await client.appendToStream(stream, testEvents(1));

      const result = await client.appendToStream(stream, testEvents(1), { expectedRevision: STREAM_EXISTS });

      expect(result.nextExpectedRevision).toBe(1n);
    });

    it('fails STREAM_EXISTS on a stream that does not exist, naming no_stream', async () => {
      const stream = name('missing');

      const failure = await failureOf(
        client.appendToStream(stream, testEvents(1), { expectedRevision: STREAM_EXISTS }),
      );

      expect(failure).toMatchObject({ streamName: stream, expectedVersion: STREAM_EXISTS, actualVersion: NO_STREAM });
    });

    it('succeeds at the exact revision', async () => {
      const stream = name('exact');
      const { nextExpectedRevision } = await client.appendToStream(stream, testEvents(2));

      const result = await client.appendToStream(stream, testEvents(1), { expectedRevision: nextExpectedRevision });

      expect(result.nextExpectedRevision).toBe(2n);
    });

    it('fails an exact revision on a stream that does not exist', async () => {
      const stream = name('exact-missing');

      const failure = await failureOf(client.appendToStream(stream, testEvents(1), { expectedRevision: 1n }));

      expect(failure).toMatchObject({ streamName: stream, expectedVersion: 1n, actualVersion: NO_STREAM });
    });

    it('fails a wrong exact revision, naming the actual one', async () => {
      const stream = name('exact-wrong');
      const { nextExpectedRevision } = await client.appendToStream(stream, testEvents(2));

      const failure = await failureOf(
        client.appendToStream(stream, testEvents(1), { expectedRevision: nextExpectedRevision + 1n }),
      );

      expect(failure).toMatchObject({ expectedVersion: 2n, actualVersion: 1n });
    });

    it('answers an immediate repeat with ANY as done, without writing (the recent-id cache)', async () => {
      const stream = name('repeat-any');
      const events = testEvents(2);
      const first = await client.appendToStream(stream, events, { expectedRevision: ANY });

      const repeat = await client.appendToStream(stream, events, { expectedRevision: ANY });

      expect(repeat.nextExpectedRevision).toBe(first.nextExpectedRevision);
      expect(await collect(client.readStream(stream))).toHaveLength(2);
    });

    it('answers an immediate repeat with STREAM_EXISTS as done, without writing', async () => {
      const stream = name('repeat-exists');
      await client.appendToStream(stream, testEvents(1));
      const events = testEvents(2);
      await client.appendToStream(stream, events, { expectedRevision: STREAM_EXISTS });

      await client.appendToStream(stream, events, { expectedRevision: STREAM_EXISTS });

      expect(await collect(client.readStream(stream))).toHaveLength(3);
    });

    realServerOnly('refuses an append over the maximum append size (the stand-in has no size limit)', () =>
      Promise.resolve(),
    );
  });

  describe('readStream', () => {
    let stream: string;
    let lastAppend: { position?: Position };

    beforeAll(async () => {
      stream = name('read');
      lastAppend = await client.appendToStream(stream, [
        ...testEvents(4, 'json-test'),
        ...Array.from({ length: 4 }, (_, index) =>
          binaryEvent({ type: 'binary-test', data: Buffer.from(`hello: ${index}`) }),
        ),
      ]);
    });

    it('reads a json event', async () => {
      const [read] = await collect(client.readStream(stream, { maxCount: 1, fromRevision: 1n }));

      expect(read?.event).toMatchObject({ isJson: true, type: 'json-test', data: { index: 1 } });
    });

    it('reads a binary event', async () => {
      const [read] = await collect(client.readStream(stream, { maxCount: 1, fromRevision: 5n }));

      expect(read?.event?.isJson).toBe(false);
      expect(Buffer.from(read?.event?.data as Uint8Array).toString()).toBe('hello: 1');
    });

    it('reads from start', async () => {
      expect(await collect(client.readStream(stream))).toHaveLength(8);
    });

    it('reads from a revision', async () => {
      expect(await collect(client.readStream(stream, { fromRevision: 1n }))).toHaveLength(7);
    });

    it('reads backwards from the end', async () => {
      const read = await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: END }));

      expect(read.map((resolved) => resolved.event?.revision)).toEqual([7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n]);
    });

    it('reads backwards from a revision, inclusive', async () => {
      expect(await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: 1n }))).toHaveLength(2);
    });

    it('honours maxCount', async () => {
      expect(await collect(client.readStream(stream, { maxCount: 2 }))).toHaveLength(2);
    });

    it('reports a stream that does not exist as StreamNotFoundError', async () => {
      const failure = await failureOf(collect(client.readStream(name('never-written'))));

      expect(failure).toMatchObject({ type: 'stream-not-found' });
    });

    it('populates the log position of the last event, as the append reported it', async () => {
      const [read] = await collect(client.readStream(stream, { maxCount: 1, fromRevision: END, direction: BACKWARDS }));

      expect(read?.event?.position).toEqual(lastAppend.position);
    });

    realServerOnly('resolves link events with resolveLinkTos (the stand-in has no link events)', () =>
      Promise.resolve(),
    );
    realServerOnly('reports a tombstoned stream as StreamDeletedError (the stand-in has no tombstones)', () =>
      Promise.resolve(),
    );
  });

  describe('readAll', () => {
    it('reads from the start, system events included', async () => {
      const stream = name('all');
      await client.appendToStream(stream, testEvents(3));

      const read = await collect(client.readAll());

      expect(read.filter((resolved) => resolved.event?.streamId === stream)).toHaveLength(3);
      expect(read.some((resolved) => resolved.event?.streamId.startsWith('$') === true)).toBe(true);
    });

    it('reads from a position, the event there included', async () => {
      const stream = name('all-position');
      await client.appendToStream(stream, testEvents(3));
      const [, second] = await collect(client.readStream(stream));
      const position = second?.event?.position as Position;

      const [extracted] = await collect(client.readAll({ fromPosition: position, maxCount: 1 }));

      expect(extracted?.event?.id).toBe(second?.event?.id);
    });

    it('reads backwards from the end, the latest event first', async () => {
      const stream = name('all-backwards');
      await client.appendToStream(stream, testEvents(2));

      const [latest] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));

      expect(latest?.event).toMatchObject({ streamId: stream, revision: 1n });
    });

    it('honours maxCount', async () => {
      expect(await collect(client.readAll({ direction: FORWARDS, fromPosition: START, maxCount: 2 }))).toHaveLength(2);
    });

    realServerOnly('resolves link events in $all (the stand-in has no projections or link events)', () =>
      Promise.resolve(),
    );
  });

  describe('subscribeToAll', () => {
    it('from the start: every event, then caughtUp once, then live events', async () => {
      const stream = name('sub-start');
      await client.appendToStream(stream, testEvents(4));
      const subscription = client.subscribeToAll({ fromPosition: START });
      let caughtUp = 0;
      subscription.on('caughtUp', () => {
        caughtUp += 1;
        // Written once live, so they arrive as live events however long the shared log is.
        void client.appendToStream(stream, [...testEvents(3), finish()]);
      });

      const ours = await ownEvents(subscription, stream);

      expect(ours).toHaveLength(8);
      expect(caughtUp).toBe(1);
    });

    it('from the end: only live events', async () => {
      const stream = name('sub-end');
      await client.appendToStream(stream, testEvents(4));
      const subscription = client.subscribeToAll({ fromPosition: END });
      await new Promise((resolve) => subscription.once('caughtUp', resolve));
      await client.appendToStream(stream, [...testEvents(3), finish()]);

      expect(await ownEvents(subscription, stream)).toHaveLength(4);
    });

    it('from a position: the events after it, not the one there', async () => {
      const stream = name('sub-position');
      const marker = await client.appendToStream(stream, testEvents(1));
      await client.appendToStream(stream, testEvents(3));
      const subscription = client.subscribeToAll({ fromPosition: marker.position as Position });
      await client.appendToStream(stream, [...testEvents(3), finish()]);

      expect(await ownEvents(subscription, stream)).toHaveLength(7);
    });

    it('works as an async iterator with an async body', async () => {
      const stream = name('sub-iterator');
      const marker = await client.appendToStream(name('marker'), testEvents(1));
      const subscription = client.subscribeToAll({ fromPosition: marker.position as Position });
      await client.appendToStream(stream, [...testEvents(99), finish()]);
      const indexes = new Set<unknown>();

      for await (const resolved of subscription) {
        await new Promise((resolve) => setImmediate(resolve));
        if (resolved.event?.streamId === stream && resolved.event.type === 'test') {
          indexes.add((resolved.event.data as { index: number }).index);
        }
        if (resolved.event?.streamId === stream && resolved.event.type === FINISH) {
          break;
        }
      }

      expect(indexes.size).toBe(99);
    });
  });

  describe('subscribeToAll with filters', () => {
    it.each([
      ['stream name prefixes', (key: string) => streamNameFilter({ prefixes: [key] }), 'stream'],
      ['stream name regex', (key: string) => streamNameFilter({ regex: `^${key}` }), 'stream'],
      ['event type prefixes', (key: string) => eventTypeFilter({ prefixes: [key] }), 'type'],
      ['event type regex', (key: string) => eventTypeFilter({ regex: `^${key}` }), 'type'],
    ] as const)('accepts a filter by %s', async (_, filterFor, keyed) => {
      const key = `f${randomUUID().replaceAll('-', '')}`;
      const [a, b] = [`${key}-a`, `${key}-b`].map((stream) => (keyed === 'stream' ? stream : name('filtered')));
      const type = (suffix: string): string =>
        keyed === 'type' ? `${key}-${suffix}` : suffix === 'finish' ? FINISH : 'test';
      await client.appendToStream(a ?? '', testEvents(8, type('a')));
      await client.appendToStream(b ?? '', testEvents(8, type('b')));
      await client.appendToStream(a ?? '', [...testEvents(8, type('c')), finish(type('finish'))]);
      const subscription = client.subscribeToAll({ fromPosition: START, filter: filterFor(key) });
      let count = 0;

      for await (const resolved of subscription) {
        count += 1;
        if (resolved.event?.type === type('finish') && resolved.event.streamId === a) {
          break;
        }
      }

      expect(count).toBe(25);
    });

    it('excludes system events', async () => {
      const stream = name('no-system');
      await client.appendToStream(stream, [...testEvents(8), finish()]);
      const subscription = client.subscribeToAll({ fromPosition: START, filter: excludeSystemEvents() });
      const types: string[] = [];

      for await (const resolved of subscription) {
        types.push(resolved.event?.type ?? '');
        if (resolved.event?.streamId === stream && resolved.event.type === FINISH) {
          break;
        }
      }

      expect(types.some((type) => type.startsWith('$'))).toBe(false);
    });

    it('sends checkpoints every interval x 32 considered events, as (commit, prepare) pairs', async () => {
      const stream = name('checkpoints');
      const marker = await client.appendToStream(stream, testEvents(1));
      await client.appendToStream(stream, testEvents(8));
      const checkpoints: Position[] = [];
      const subscription = client.subscribeToAll({
        fromPosition: marker.position as Position,
        filter: excludeSystemEvents({
          checkpointInterval: 2,
          checkpointReached: (_, position) => {
            checkpoints.push(position);
          },
        }),
      });
      for (let batch = 0; batch < 18; batch += 1) {
        await client.appendToStream(stream, testEvents(20));
      }
      await client.appendToStream(stream, [...testEvents(15), finish()]);

      const ours = await ownEvents(subscription, stream);

      expect(ours).toHaveLength(384);
      // 384 / (32 * 2) = 6; a checkpoint while catching up may add one.
      // The sixth falls on the finish event itself and may arrive after the iteration has stopped.
      expect(checkpoints.length).toBeGreaterThanOrEqual(5);
      expect(checkpoints.length).toBeLessThanOrEqual(8);
      for (const { commit, prepare } of checkpoints) {
        expect(typeof commit).toBe('bigint');
        expect(prepare <= commit).toBe(true);
      }
    });

    it('never sends a checkpoint at or past an event it has not yet delivered (kurrent-io/KurrentDB#4970)', async () => {
      const stream = name('checkpoint-order');
      const seen: { kind: 'event' | 'checkpoint'; position: Position }[] = [];
      const subscription = client.subscribeToAll({
        fromPosition: START,
        filter: streamNameFilter({
          prefixes: [stream],
          checkpointInterval: 1,
          checkpointReached: (_, position) => {
            seen.push({ kind: 'checkpoint', position });
          },
        }),
      });
      const finished = new Promise<void>((resolve) => {
        subscription.on('data', (resolved: AllStreamResolvedEvent) => {
          if (resolved.event !== undefined) {
            seen.push({ kind: 'event', position: resolved.event.position });
          }
          if (resolved.event?.type === FINISH) {
            resolve();
          }
        });
      });
      await new Promise((resolve) => subscription.once('caughtUp', resolve));
      await client.appendToStream(stream, [...testEvents(2), finish()]);
      await finished;
      await subscription.unsubscribe();

      seen.forEach((step, index) => {
        if (step.kind === 'checkpoint') {
          const eventsAfter = seen.slice(index + 1).filter((later) => later.kind === 'event');
          expect(eventsAfter.every((event) => event.position.commit > step.position.commit)).toBe(true);
        }
      });
      expect(seen.filter((step) => step.kind === 'event')).toHaveLength(3);
    });
  });
});

describe(`the official client's deleteStream tests, adapted (${onStandIn ? 'protocol stand-in' : 'real server'})`, () => {
  let standIn: Awaited<ReturnType<typeof startEventStoreStandIn>> | undefined;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    if (realServer === undefined) {
      standIn = await startEventStoreStandIn();
    }
    client = EventStoreDBClient.connectionString(realServer ?? standIn?.connectionString ?? '');
  });

  afterAll(async () => {
    await client.dispose();
    await standIn?.stop();
  });

  // deleteStream.test.ts › should successfully delete a stream › any revision › succeeds
  it('deletes at any revision, after which a read reports StreamNotFoundError', async () => {
    const stream = name('delete-any');
    await client.appendToStream(stream, testEvents(4));

    const result = await client.deleteStream(stream);

    expect(result).toBeDefined();
    await expect(collect(client.readStream(stream, { maxCount: 10 }))).rejects.toThrow(StreamNotFoundError);
  });

  // deleteStream.test.ts › expected revision › exact › fails
  it('fails a wrong exact revision with WrongExpectedVersionError naming the stream and the expected revision', async () => {
    const stream = name('delete-exact-wrong');
    await client.appendToStream(stream, testEvents(4));

    const failure = await failureOf(client.deleteStream(stream, { expectedRevision: 2n }));

    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure).toMatchObject({ streamName: stream, expectedVersion: 2n });
  });

  // deleteStream.test.ts › expected revision › exact › succeeds
  it('deletes at the exact revision of the last event, read backwards from the end', async () => {
    const stream = name('delete-exact');
    await client.appendToStream(stream, testEvents(4));
    const [last] = await collect(client.readStream(stream, { maxCount: 1, direction: BACKWARDS, fromRevision: END }));

    const result = await client.deleteStream(stream, { expectedRevision: last?.event?.revision ?? -1n });

    expect(result).toBeDefined();
    await expect(collect(client.readStream(stream, { maxCount: 1 }))).rejects.toThrow(StreamNotFoundError);
  });

  // deleteStream.test.ts › expected revision › no_stream › fails if stream exists
  it('fails NO_STREAM on a stream that exists', async () => {
    const stream = name('delete-no-stream-exists');
    await client.appendToStream(stream, testEvents(4));

    const failure = await failureOf(client.deleteStream(stream, { expectedRevision: NO_STREAM }));

    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure).toMatchObject({ streamName: stream });
  });

  // deleteStream.test.ts › expected revision › no_stream › fails if stream doesn't exist (after EventStore#3154)
  it('fails NO_STREAM on a stream that does not exist', async () => {
    const stream = name('delete-no-stream');

    const failure = await failureOf(client.deleteStream(stream, { expectedRevision: NO_STREAM }));

    expect(failure).toBeInstanceOf(WrongExpectedVersionError);
    expect(failure).toMatchObject({ streamName: stream });
  });

  // deleteStream.test.ts › expected revision › no_stream › succeeds if stream implicityly exists
  realServerOnly(
    'deletes with NO_STREAM a stream that only has metadata (the stand-in does not model setStreamMetadata)',
    async () => {
      const stream = name('delete-implicit');
      await client.setStreamMetadata(stream, { cacheControl: 10 });

      expect(await client.deleteStream(stream, { expectedRevision: NO_STREAM })).toBeDefined();
    },
  );

  // The server's "Deleting streams and events" documentation: a soft-deleted stream takes a new append, its revisions
  // go on from the deleted ones, and a read returns only the events after the delete.
  it('takes an append after the delete, numbering on from the deleted events, and reads only the new ones', async () => {
    const stream = name('delete-recreate');
    await client.appendToStream(stream, testEvents(4));
    await client.deleteStream(stream);

    const result = await client.appendToStream(stream, testEvents(1, 'again'), { expectedRevision: NO_STREAM });
    const read = await collect(client.readStream(stream));

    expect(result.nextExpectedRevision).toBe(4n);
    expect(read.map((resolved) => [resolved.event?.revision, resolved.event?.type])).toEqual([[4n, 'again']]);
  });

  // Same documentation: $all bypasses the index, so deleted events stay readable there until a scavenge.
  it('still returns the deleted events in $all before a scavenge', async () => {
    const stream = name('delete-all');
    await client.appendToStream(stream, testEvents(2));
    await client.deleteStream(stream);

    const all = await collect(client.readAll({ maxCount: 100_000 }));

    expect(all.filter((resolved) => resolved.event?.streamId === stream)).toHaveLength(2);
  });

  // tombstoneStream.test.ts: the hard delete, which erasure does not use
  realServerOnly(
    'tombstones a stream for good: reads and appends then fail with StreamDeletedError (no Tombstone in the stand-in)',
    async () => {
      const stream = name('tombstone');
      await client.appendToStream(stream, testEvents(1));
      await client.tombstoneStream(stream);

      await expect(collect(client.readStream(stream))).rejects.toThrow(StreamDeletedError);
    },
  );
});

const FINISH = 'finish';

function finish(type = FINISH) {
  return jsonEvent({ type, data: { message: 'lets wrap this up' } });
}

function name(kind: string): string {
  return `fidelity-${kind}-${randomUUID()}`;
}

function testEvents(count: number, type = 'test') {
  return Array.from({ length: count }, (_, index) => jsonEvent({ type, data: { message: 'test', index } }));
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of read) {
    all.push(item);
  }
  return all;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

/** The events of one stream a subscription delivers, up to and including its finish event. */
async function ownEvents(subscription: AsyncIterable<ResolvedEvent>, stream: string): Promise<ResolvedEvent[]> {
  const ours: ResolvedEvent[] = [];
  for await (const resolved of subscription) {
    if (resolved.event?.streamId === stream) {
      ours.push(resolved);
      if (resolved.event.type === FINISH) {
        break;
      }
    }
  }
  return ours;
}
