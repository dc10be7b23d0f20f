import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, RecordedEvent, Subscription, SubscriptionFilter } from '../event-store';
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../event-store';

export interface ContractSubject {
  store: EventStore;
  dispose(): Promise<void>;
  /** Makes the store's backend unreachable (close the file, stop the server); the unavailability case needs it. */
  makeUnavailable?(): Promise<void>;
}

/** Generous, because the same suite runs against a server over the network; waits end as soon as they can. */
const TEST_TIMEOUT_MS = 30_000;
const WAIT_TIMEOUT_MS = 15_000;

/**
 * The one suite every adapter of the port passes. It uses the port only, gives every test its own stream names (so
 * it also runs against a shared server holding other data), waits for conditions rather than for time, and never
 * asserts speed.
 */
export function describeEventStoreContract(adapterName: string, createStore: () => Promise<ContractSubject>): void {
  describe(`the ${adapterName} event store (contract)`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    let subscriptions: Subscription[];

    const stream = (name: string): string => `${prefix}${name}`;
    function subscribe(options: { after?: bigint; filter?: SubscriptionFilter }, slowHandler = false): Collector {
      const collector = new Collector(slowHandler);
      subscriptions.push(store.subscribeAll(options, collector));
      return collector;
    }
    /** The log's current end, as seen through this test's own marker stream. */
    async function mark(): Promise<bigint> {
      return (await store.append(stream('marker'), [newEvent()], 'any')).position;
    }

    beforeEach(async () => {
      subject = await createStore();
      store = subject.store;
      prefix = `contract${randomUUID().replaceAll('-', '')}-`;
      subscriptions = [];
    });

    afterEach(async () => {
      await Promise.all(subscriptions.map((subscription) => subscription.close()));
      await subject.dispose();
    });

    describe('appending', () => {
      it(
        'creates a stream expected not to exist, numbering revisions from 0',
        async () => {
          const result = await store.append(stream('a'), [newEvent(), newEvent()], 'no_stream');

          const events = await store.readStream(stream('a'));
          expect(result.nextExpectedRevision).toBe(1);
          expect(events.map((event) => event.revision)).toEqual([0, 1]);
          expect(result.position).toBe(events[1]?.position);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'records the ids, types, data and metadata it was given, with the time it recorded them',
        async () => {
          const withMetadata = { ...newEvent('ContractNoted', { n: 1, nested: { ok: true } }), metadata: { by: 'me' } };
          const without = newEvent('ContractOther', { list: [1, 'two'] });

          await store.append(stream('a'), [withMetadata, without], 'no_stream');

          const [first, second] = await store.readStream(stream('a'));
          expect(first).toMatchObject({ ...withMetadata, streamId: stream('a'), revision: 0 });
          expect(second).toMatchObject({ ...without, metadata: {}, streamId: stream('a'), revision: 1 });
          expect(Number.isNaN(Date.parse(first?.recordedAt ?? ''))).toBe(false);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'appends at the exact revision the stream is at',
        async () => {
          await store.append(stream('a'), [newEvent()], 'no_stream');

          const result = await store.append(stream('a'), [newEvent(), newEvent()], 0);

          expect(result.nextExpectedRevision).toBe(2);
          expect(await store.readStream(stream('a'))).toHaveLength(3);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'appends whatever the stream holds when it expects any, creating the stream if needed',
        async () => {
          const created = await store.append(stream('a'), [newEvent()], 'any');
          const extended = await store.append(stream('a'), [newEvent()], 'any');

          expect([created.nextExpectedRevision, extended.nextExpectedRevision]).toEqual([0, 1]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'rejects an exact revision the stream has moved past, reporting the actual revision',
        async () => {
          await store.append(stream('a'), [newEvent(), newEvent()], 'no_stream');

          const failure = await failureOf(store.append(stream('a'), [newEvent()], 0));

          expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
          expect(failure).toMatchObject({ streamId: stream('a'), expected: 0, actual: 1 });
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'rejects no_stream for a stream that exists, reporting its revision',
        async () => {
          await store.append(stream('a'), [newEvent()], 'no_stream');

          const failure = await failureOf(store.append(stream('a'), [newEvent()], 'no_stream'));

          expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
          expect(failure).toMatchObject({ expected: 'no_stream', actual: 0 });
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'rejects an exact revision for a stream that does not exist, reporting no_stream',
        async () => {
          const failure = await failureOf(store.append(stream('a'), [newEvent()], 2));

          expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
          expect(failure).toMatchObject({ expected: 2, actual: 'no_stream' });
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'lets exactly one of several concurrent appends at the same revision win',
        async () => {
          await store.append(stream('a'), [newEvent()], 'no_stream');

          const attempts = Array.from({ length: 8 }, () => store.append(stream('a'), [newEvent()], 0));
          const settled = await Promise.allSettled(attempts);

          const failures = settled.flatMap((outcome): unknown[] =>
            outcome.status === 'rejected' ? [outcome.reason] : [],
          );
          expect(settled.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
          expect(failures).toHaveLength(7);
          for (const failure of failures) {
            expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
            expect(failure).toMatchObject({ actual: 1 });
          }
          expect(await store.readStream(stream('a'))).toHaveLength(2);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'commits concurrent appends to different streams independently',
        async () => {
          const names = Array.from({ length: 16 }, (_, index) => stream(`s${index}`));

          const results = await Promise.all(names.map((name) => store.append(name, [newEvent()], 'no_stream')));

          expect(new Set(results.map((result) => result.position)).size).toBe(16);
          expect(results.every((result) => result.nextExpectedRevision === 0)).toBe(true);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'treats a re-append of the same ids at the same expectation as done, writing nothing',
        async () => {
          const batch = [newEvent(), newEvent()];
          const first = await store.append(stream('a'), batch, 'no_stream');

          const retry = await store.append(stream('a'), batch, 'no_stream');

          expect(retry).toEqual({ ...first, alreadyRecorded: true });
          expect(await store.readStream(stream('a'))).toHaveLength(2);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'recognises the retry of an earlier append after later appends to the stream',
        async () => {
          await store.append(stream('a'), [newEvent()], 'no_stream');
          const batch = [newEvent(), newEvent()];
          const original = await store.append(stream('a'), batch, 0);
          await store.append(stream('a'), [newEvent()], 2);

          const retry = await store.append(stream('a'), batch, 0);

          expect(retry).toEqual({ ...original, alreadyRecorded: true });
          expect(await store.readStream(stream('a'))).toHaveLength(4);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'rejects an append that repeats only some ids of an earlier one, writing nothing',
        async () => {
          const [a, b] = [newEvent(), newEvent()];
          await store.append(stream('a'), [a, b], 'no_stream');

          const failure = await failureOf(store.append(stream('a'), [a, newEvent()], 'no_stream'));

          expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
          expect((await store.readStream(stream('a'))).map((event) => event.eventId)).toEqual([a.eventId, b.eventId]);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('event ids across streams', () => {
      it(
        'refuses an id already recorded in another stream, naming both streams, and writes nothing',
        async () => {
          const shared = newEvent();
          await store.append(stream('a'), [shared], 'no_stream');

          const failure = await failureOf(store.append(stream('b'), [newEvent(), shared], 'no_stream'));

          expect(failure).toBeInstanceOf(DuplicateEventIdError);
          expect(failure).toMatchObject({
            eventId: shared.eventId,
            streams: { appendedTo: stream('b'), recordedIn: stream('a') },
          });
          await expect(store.readStream(stream('b'))).rejects.toBeInstanceOf(StreamNotFoundError);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'still treats the retry of an append to the stream that holds the ids as done',
        async () => {
          const batch = [newEvent(), newEvent()];
          const first = await store.append(stream('a'), batch, 'no_stream');
          await failureOf(store.append(stream('b'), batch, 'no_stream'));

          const retry = await store.append(stream('a'), batch, 'no_stream');

          expect(retry).toEqual({ ...first, alreadyRecorded: true });
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('tracing', () => {
      it(
        'records correlationId, causationId and source with every event and reads them back apart from metadata',
        async () => {
          const traced = {
            ...newEvent(),
            metadata: { schema: 2 },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            source: 'webhook:ses',
          };
          const collector = subscribe({ filter: { streamPrefixes: [prefix] } });
          const untraced = newEvent();

          await store.append(stream('a'), [traced, untraced], 'no_stream');

          const [first, second] = await store.readStream(stream('a'));
          const expected = {
            correlationId: traced.correlationId,
            causationId: traced.causationId,
            source: 'webhook:ses',
            metadata: { schema: 2 },
          };
          expect(first).toMatchObject(expected);
          expect(second?.metadata).toEqual({});
          expect(second?.correlationId).toBeUndefined();
          expect((await collect(store.readAll())).find(ownedBy(stream('a')))).toMatchObject(expected);
          await eventually(() => collector.events.length === 2, 'the subscription delivers both events');
          expect(collector.events[0]).toMatchObject(expected);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'refuses metadata that uses a reserved trace key, naming it',
        async () => {
          const failure = await failureOf(
            store.append(stream('a'), [{ ...newEvent(), metadata: { $correlationId: 'x' } }], 'no_stream'),
          );

          expect(failure).toBeInstanceOf(TypeError);
          expect((failure as Error).message).toContain('metadata.$correlationId');
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('reading a stream', () => {
      it(
        'returns its events from the given revision on, in order',
        async () => {
          await store.append(stream('a'), newEvents(5), 'no_stream');

          const events = await store.readStream(stream('a'), { fromRevision: 2 });

          expect(events.map((event) => event.revision)).toEqual([2, 3, 4]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'returns nothing from a revision past the end of the stream',
        async () => {
          await store.append(stream('a'), newEvents(2), 'no_stream');

          expect(await store.readStream(stream('a'), { fromRevision: 5 })).toEqual([]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reports a stream that was never written as not found',
        async () => {
          const failure = await failureOf(store.readStream(stream('never')));

          expect(failure).toBeInstanceOf(StreamNotFoundError);
          expect(failure).toMatchObject({ streamId: stream('never') });
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('reading the whole log', () => {
      it(
        'returns events across streams in the order they were appended',
        async () => {
          const after = await mark();
          await store.append(stream('a'), [newEvent()], 'no_stream');
          await store.append(stream('b'), [newEvent(), newEvent()], 'no_stream');
          await store.append(stream('a'), [newEvent()], 0);

          const mine = (await collect(store.readAll({ after }))).filter((event) => event.streamId.startsWith(prefix));

          expect(mine.map((event) => `${event.streamId.slice(prefix.length)}@${event.revision}`)).toEqual([
            'a@0',
            'b@0',
            'b@1',
            'a@1',
          ]);
          expectIncreasing(mine.map((event) => event.position));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'starts strictly after the given position',
        async () => {
          const events = newEvents(3);
          await store.append(stream('a'), events, 'no_stream');
          const [, second] = await store.readStream(stream('a'));

          const read = (await collect(store.readAll({ after: second?.position }))).filter(ownedBy(stream('a')));

          expect(read.map((event) => event.eventId)).toEqual([events[2]?.eventId]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'pages through the log without losing or repeating an event',
        async () => {
          const after = await mark();
          await store.append(stream('a'), newEvents(7), 'no_stream');

          const read = (await collect(store.readAll({ after, pageSize: 2 }))).filter(ownedBy(stream('a')));

          expect(read.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'gives every append a position past all earlier ones',
        async () => {
          const positions: bigint[] = [await mark()];
          for (let revision = 0; revision < 5; revision += 1) {
            const expected = revision === 0 ? 'no_stream' : revision - 1;
            positions.push((await store.append(stream(`s${revision % 2}`), [newEvent()], 'any')).position);
            positions.push((await store.append(stream('a'), [newEvent()], expected)).position);
          }

          expectIncreasing(positions);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('subscribing to the log', () => {
      it(
        'hands over from catch-up to live delivery without gaps or duplicates while appends continue',
        async () => {
          const after = await mark();
          await store.append(stream('a'), newEvents(20), 'no_stream');
          const collector = subscribe({ after, filter: { streamPrefixes: [prefix] } }, true);

          let revision = 19;
          let appendedOnceCaughtUp = 0;
          while (appendedOnceCaughtUp < 10) {
            const caughtUpBefore = collector.caughtUp > 0;
            await store.append(stream('a'), [newEvent()], revision);
            revision += 1;
            appendedOnceCaughtUp += caughtUpBefore ? 1 : 0;
            if (revision > 5_000) {
              throw new Error('The subscription never caught up');
            }
          }
          await eventually(() => collector.events.length >= revision + 1, `${revision + 1} events arrive`);

          expect(collector.events.map((event) => event.revision)).toEqual(range(revision + 1));
          expect(collector.caughtUp).toBe(1);
          expect(collector.overlapped).toBe(false);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'reports being caught up once when there is nothing to deliver, then delivers live events',
        async () => {
          const after = await mark();
          const collector = subscribe({ after, filter: { streamPrefixes: [prefix] } });
          await eventually(() => collector.caughtUp === 1, 'the subscription catches up');

          await store.append(stream('a'), [newEvent()], 'no_stream');
          await eventually(() => collector.events.length === 1, 'the live event arrives');

          expect(collector.caughtUp).toBe(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'resumes after a checkpoint position with exactly the events that followed it',
        async () => {
          const after = await mark();
          await store.append(stream('a'), newEvents(10), 'no_stream');
          const first = subscribe({ after, filter: { streamPrefixes: [prefix] } });
          await eventually(() => first.events.length === 10, 'the first ten events arrive');
          await subscriptions[0]?.close();
          const checkpoint = first.events[4]?.position;
          await store.append(stream('a'), newEvents(5), 9);

          const resumed = subscribe({ after: checkpoint, filter: { streamPrefixes: [prefix] } });
          await eventually(() => resumed.events.length >= 10, 'the events after the checkpoint arrive');

          expect(resumed.events.map((event) => event.revision)).toEqual(range(15).slice(5));
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'delivers only streams that start with the given prefixes',
        async () => {
          const after = await mark();
          for (let revision = 0; revision < 3; revision += 1) {
            const expected = revision === 0 ? 'no_stream' : revision - 1;
            await store.append(stream('wanted-a'), [newEvent()], expected);
            await store.append(stream('other-a'), [newEvent()], expected);
            await store.append(stream('wanted-b'), [newEvent()], expected);
          }

          const collector = subscribe({ after, filter: { streamPrefixes: [stream('wanted-')] } });
          await eventually(() => collector.caughtUp === 1 && collector.events.length >= 6, 'the wanted events arrive');

          expect(collector.events).toHaveLength(6);
          expect(collector.events.every((event) => event.streamId.startsWith(stream('wanted-')))).toBe(true);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'delivers only events of the given types',
        async () => {
          const after = await mark();
          const [wanted, other] = [`Wanted${prefix}`, `Other${prefix}`];
          await store.append(stream('a'), [newEvent(wanted), newEvent(other), newEvent(wanted)], 'no_stream');
          await store.append(stream('b'), [newEvent(other), newEvent(wanted)], 'no_stream');

          const collector = subscribe({ after, filter: { eventTypes: [wanted] } });
          await eventually(() => collector.caughtUp === 1 && collector.events.length >= 3, 'the wanted events arrive');

          expect(collector.events.map((event) => event.type)).toEqual([wanted, wanted, wanted]);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'stops delivering once closed',
        async () => {
          const after = await mark();
          const closed = subscribe({ after, filter: { streamPrefixes: [prefix] } });
          await store.append(stream('a'), [newEvent()], 'no_stream');
          await eventually(() => closed.events.length === 1, 'the first event arrives');

          await subscriptions[0]?.close();
          await store.append(stream('a'), newEvents(3), 0);
          const witness = subscribe({ after, filter: { streamPrefixes: [prefix] } });
          await eventually(() => witness.events.length === 4, 'a new subscription sees all four events');

          expect(closed.events).toHaveLength(1);
        },
        TEST_TIMEOUT_MS,
      );

      it(
        'finishes the handler in flight before close resolves',
        async () => {
          const after = await mark();
          let started = false;
          let finished = false;
          let release: () => void = () => undefined;
          const gate = new Promise<void>((resolve) => (release = resolve));
          const subscription = store.subscribeAll(
            { after, filter: { streamPrefixes: [prefix] } },
            {
              onEvent: async () => {
                started = true;
                await gate;
                finished = true;
              },
            },
          );
          subscriptions.push(subscription);
          await store.append(stream('a'), [newEvent()], 'no_stream');
          await eventually(() => started, 'the handler starts');

          const closing = subscription.close();
          setTimeout(release, 50);
          await closing;

          expect(finished).toBe(true);
        },
        TEST_TIMEOUT_MS,
      );
    });

    describe('when the store becomes unavailable', () => {
      it(
        'rejects pings, appends and reads with EventStoreUnavailableError',
        async () => {
          if (subject.makeUnavailable === undefined) {
            console.warn(`${adapterName}: no makeUnavailable given, so unavailability was not exercised`);
            return;
          }
          const after = await mark();
          await expect(store.ping()).resolves.toBeUndefined();

          await subject.makeUnavailable();

          await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
          await expect(store.append(stream('a'), [newEvent()], 'no_stream')).rejects.toBeInstanceOf(
            EventStoreUnavailableError,
          );
          await expect(store.readStream(stream('marker'))).rejects.toBeInstanceOf(EventStoreUnavailableError);
          await expect(collect(store.readAll({ after }))).rejects.toBeInstanceOf(EventStoreUnavailableError);
        },
        TEST_TIMEOUT_MS,
      );
    });
  });
}

/** Records what a subscription delivers; a slow handler yields to the event loop inside every call. */
class Collector {
  readonly events: RecordedEvent[] = [];
  caughtUp = 0;
  overlapped = false;
  private inHandler = 0;

  constructor(private readonly slow: boolean) {}

  onEvent = async (event: RecordedEvent): Promise<void> => {
    this.inHandler += 1;
    this.overlapped ||= this.inHandler > 1;
    if (this.slow) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.events.push(event);
    this.inHandler -= 1;
  };

  onCaughtUp = (): void => {
    this.caughtUp += 1;
  };
}

function newEvent(type = 'ContractEvent', data: Record<string, unknown> = {}): EventToAppend {
  return { eventId: randomUUID(), type, data };
}

function newEvents(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent('ContractEvent', { index }));
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}

function ownedBy(streamId: string): (event: RecordedEvent) => boolean {
  return (event) => event.streamId === streamId;
}

function expectIncreasing(positions: bigint[]): void {
  positions.slice(1).forEach((position, index) => expect(position > (positions[index] ?? position)).toBe(true));
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the call to fail, but it succeeded');
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const collected: RecordedEvent[] = [];
  for await (const event of events) {
    collected.push(event);
  }
  return collected;
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
