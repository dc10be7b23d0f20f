import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, RecordedEvent, SkippedEvent } from '../event-store';
import { StreamNotFoundError } from '../event-store';

export interface ErasureContractSubject {
  store: EventStore;
  dispose(): Promise<void>;
}

const TEST_TIMEOUT_MS = 30_000;

/**
 * What every store that offers `eraseStream` promises, through the port only: the stream reads as absent, no reader of
 * the log gets its events back (a rebuild or a projector starting over must not bring the recipient back), a later
 * append starts a new history, and the log's last event is never erased.
 */
export function describeStreamErasureContract(
  adapterName: string,
  createStore: () => Promise<ErasureContractSubject>,
): void {
  describe(`erasing a stream on the ${adapterName} event store (contract)`, () => {
    let subject: ErasureContractSubject;
    let store: EventStore;
    let prefix: string;
    const stream = (name: string): string => `${prefix}${name}`;
    const erase = (streamId: string) => {
      if (store.eraseStream === undefined) {
        throw new Error(`The ${adapterName} store does not offer eraseStream`);
      }
      return store.eraseStream(streamId);
    };

    beforeEach(async () => {
      subject = await createStore();
      store = subject.store;
      prefix = `erasure${randomUUID().replaceAll('-', '')}-`;
    });
    afterEach(() => subject.dispose());

    it(
      'reads as absent afterwards and counts the events it erased',
      async () => {
        await store.append(stream('erased'), [personal('a@example.org'), personal('a@example.org')], 'no_stream');
        await store.append(stream('kept'), [personal('b@example.org')], 'no_stream');

        const erasure = await erase(stream('erased'));

        expect(erasure.erasedEvents).toBe(2);
        await expect(store.readStream(stream('erased'))).rejects.toBeInstanceOf(StreamNotFoundError);
        expect(await store.readStream(stream('kept'))).toHaveLength(1);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'gives its events to no reader of the whole log, nor to a subscription from the start',
      async () => {
        await store.append(stream('erased'), [personal('a@example.org')], 'no_stream');
        await store.append(stream('kept'), [personal('b@example.org')], 'no_stream');
        await erase(stream('erased'));
        const end = (await store.append(stream('marker'), [personal('none')], 'no_stream')).position;

        const skipped: SkippedEvent[] = [];
        const read = await collect(store.readAll({ onSkipped: (event) => skipped.push(event) }));
        const delivered = await subscribeUntil(store, end);

        for (const events of [read, delivered]) {
          const mine = events.filter((event) => event.streamId.startsWith(prefix));
          expect(mine.map((event) => event.streamId)).toEqual([stream('kept'), stream('marker')]);
          expect(JSON.stringify(events.map((event) => [event.data, event.metadata]))).not.toContain('a@example.org');
        }
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'lets a later append expected as no_stream start a new history, which is all a read returns',
      async () => {
        await store.append(stream('erased'), [personal('a@example.org'), personal('a@example.org')], 'no_stream');
        await store.append(stream('kept'), [personal('b@example.org')], 'no_stream');
        await erase(stream('erased'));

        const later = personal('a@example.org again');
        const appended = await store.append(stream('erased'), [later], 'no_stream');
        const history = await store.readStream(stream('erased'));

        expect(history.map((event) => event.eventId)).toEqual([later.eventId]);
        expect(history[0]?.revision).toBe(appended.nextExpectedRevision);
        const again = personal('again');
        const next = await store.append(stream('erased'), [again], appended.nextExpectedRevision);
        expect(next.nextExpectedRevision).toBe(appended.nextExpectedRevision + 1);
        const read = (await collect(store.readAll())).filter((event) => event.streamId === stream('erased'));
        expect(read.map((event) => event.eventId)).toEqual([later.eventId, again.eventId]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      "refuses to erase the stream holding the log's last event",
      async () => {
        await store.append(stream('last'), [personal('a@example.org')], 'no_stream');

        await expect(erase(stream('last'))).rejects.toThrow(/holds the log's last event/);
        expect(await store.readStream(stream('last'))).toHaveLength(1);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'says a stream that does not exist, or was erased already, is not found',
      async () => {
        await store.append(stream('once'), [personal('a@example.org')], 'no_stream');
        await store.append(stream('other'), [personal('b@example.org')], 'no_stream');
        await erase(stream('once'));

        await expect(erase(stream('never'))).rejects.toBeInstanceOf(StreamNotFoundError);
        await expect(erase(stream('once'))).rejects.toBeInstanceOf(StreamNotFoundError);
      },
      TEST_TIMEOUT_MS,
    );
  });
}

function personal(address: string): EventToAppend {
  return { eventId: randomUUID(), type: 'BounceReceived', data: { address, diagnostic: `550 <${address}> unknown` } };
}

async function collect(events: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const event of events) {
    all.push(event);
  }
  return all;
}

/** Every event a subscription from the start delivers up to `end`. */
async function subscribeUntil(store: EventStore, end: bigint): Promise<RecordedEvent[]> {
  const delivered: RecordedEvent[] = [];
  let reached: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const subscription = store.subscribeAll(
    {},
    {
      onEvent: (event) => {
        delivered.push(event);
        if (event.position >= end) {
          reached();
        }
      },
    },
  );
  try {
    await done;
  } finally {
    await subscription.close();
  }
  return delivered;
}
