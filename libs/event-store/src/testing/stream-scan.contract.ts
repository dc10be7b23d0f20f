import { randomBytes, randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, ScannedStream, StreamBatch, StreamScanOptions } from '../event-store';
import type { ContractSubject } from './event-store.contract';

const TEST_TIMEOUT_MS = 30_000;
/** Enough streams that three shards each get some, and that a scan takes more than one batch on small batch sizes. */
const STREAMS = 40;

/**
 * The suite every adapter offering `scanStreams` passes. Each test scans its own prefix, so it also runs against a
 * shared server holding other data.
 */
export function describeStreamScanContract(adapterName: string, createStore: () => Promise<ContractSubject>): void {
  describe(`scanning the streams of the ${adapterName} event store (contract)`, () => {
    let subject: ContractSubject;
    let store: EventStore & Required<Pick<EventStore, 'scanStreams'>>;
    let prefix: string;

    const streamName = (): string => prefix + randomBytes(8).toString('hex');
    const scan = async (options: StreamScanOptions = {}): Promise<ScannedStream[]> => {
      const streams: ScannedStream[] = [];
      for await (const batch of store.scanStreams({ prefix, ...options })) {
        streams.push(...batch);
      }
      return streams;
    };
    /** Streams of 1 to 3 events each, appended in turns so the log interleaves them; sorted by name. */
    async function appendStreams(count: number): Promise<Map<string, EventToAppend[]>> {
      const written = new Map<string, EventToAppend[]>();
      for (let index = 0; index < count; index++) {
        written.set(streamName(), []);
      }
      for (let round = 0; round < 3; round++) {
        for (const [streamId, events] of written) {
          if (round === 0 || streamId.charCodeAt(prefix.length) % 3 >= round) {
            const event = newEvent({ round });
            await store.append(streamId, [event], events.length === 0 ? 'no_stream' : events.length - 1);
            events.push(event);
          }
        }
      }
      return new Map([...written].sort(([a], [b]) => a.localeCompare(b)));
    }

    beforeEach(async () => {
      subject = await createStore();
      if (subject.store.scanStreams === undefined) {
        throw new Error(`the ${adapterName} store does not offer scanStreams`);
      }
      store = subject.store as typeof store;
      prefix = `scan${randomUUID().replaceAll('-', '')}-`;
    });

    afterEach(() => subject.dispose());

    it(
      'yields every stream under the prefix once, whole, in revision order, with what was recorded',
      async () => {
        const written = await appendStreams(STREAMS);
        await store.append(`other${prefix}${randomBytes(8).toString('hex')}`, [newEvent({})], 'no_stream');

        const streams = await scan();

        expect(streams.map((stream) => stream.streamId).sort()).toEqual([...written.keys()]);
        for (const { streamId, events } of streams) {
          const expected = written.get(streamId) ?? [];
          expect(events.map((event) => event.revision)).toEqual(expected.map((_, revision) => revision));
          expect(events).toMatchObject(
            expected.map(({ eventId, type, data }) => ({ eventId, type, data, metadata: {} })),
          );
          events.forEach((event) => expect(Number.isNaN(Date.parse(event.recordedAt))).toBe(false));
        }
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'returns the metadata each event was given',
      async () => {
        const streamId = streamName();
        const common = { ...newEvent({}), metadata: { schemaVersion: 2, recordedAt: '2026-01-01T00:00:00.000Z' } };
        const more = { ...newEvent({}), metadata: { schemaVersion: 2, recordedAt: 'x', correlationId: 'c1' } };
        await store.append(streamId, [common, more], 'no_stream');

        const [stream] = await scan();

        expect(stream?.events.map((event) => event.metadata)).toEqual([common.metadata, more.metadata]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'splits the streams into disjoint shards that together hold them all',
      async () => {
        const written = await appendStreams(STREAMS);

        const shards = await Promise.all([0, 1, 2].map((index) => scan({ shard: { index, count: 3 } })));

        const names = shards.flatMap((streams) => streams.map((stream) => stream.streamId));
        expect(names.sort()).toEqual([...written.keys()]);
        expect(shards.filter((streams) => streams.length > 0).length).toBeGreaterThan(1);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'refuses a shard that does not exist',
      async () => {
        await expect(scan({ shard: { index: 3, count: 3 } })).rejects.toThrow(RangeError);
        await expect(scan({ shard: { index: 0, count: 0 } })).rejects.toThrow(RangeError);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'yields nothing when no stream has the prefix',
      async () => {
        expect(await scan()).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'yields nothing once aborted',
      async () => {
        await appendStreams(3);
        const stop = new AbortController();
        stop.abort();
        const batches: StreamBatch[] = [];
        for await (const batch of store.scanStreams({ prefix, signal: stop.signal })) {
          batches.push(batch);
        }
        expect(batches).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it(
      'leaves the store free for appends and reads while a scan is under way',
      async () => {
        const written = await appendStreams(STREAMS);
        const streams: ScannedStream[] = [];
        for await (const batch of store.scanStreams({ prefix })) {
          streams.push(...batch);
          const streamId = streamName();
          await store.append(streamId, [newEvent({})], 'no_stream');
          expect(await store.readStream(streamId)).toHaveLength(1);
        }
        expect(streams.length).toBeGreaterThanOrEqual(written.size);
      },
      TEST_TIMEOUT_MS,
    );
  });
}

function newEvent(data: Record<string, unknown>): EventToAppend {
  return { eventId: randomUUID(), type: 'ScanContractEvent', data };
}
