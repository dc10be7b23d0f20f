import { randomUUID } from 'node:crypto';
import { startEventStoreStandIn, StandInLog } from '../testing/esdb-stand-in';
import type { EventStoreStandIn } from '../testing/esdb-stand-in';
import type { EventStore, RecordedEvent } from '../event-store';
import { WrongExpectedRevisionError } from '../event-store';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

const fastResubscribe = { initialDelayMs: 20, maxDelayMs: 200 };
const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

// Always: the real client over real gRPC against the protocol stand-in (what it leaves out: docs/eventstoredb.md).
describeEventStoreContract('EventStoreDB (protocol stand-in)', async () => {
  const standIn = await startEventStoreStandIn();
  const store = createEventStoreDbEventStore({
    connectionString: standIn.connectionString,
    resubscribe: fastResubscribe,
  });
  return {
    store,
    dispose: async () => {
      await store.close();
      await standIn.stop();
    },
    makeUnavailable: () => standIn.stop(),
  };
});

if (realServer === undefined) {
  console.warn('EventStoreDB server suite skipped: EVENTSTORE_CONNECTION_STRING is not set');
  describe('the EventStoreDB event store against a real server', () => {
    it.skip('SKIPPED: run `docker compose up -d eventstore` and set EVENTSTORE_CONNECTION_STRING', () => undefined);
  });
} else {
  describeEventStoreContract('EventStoreDB (real server)', () => {
    const store = createEventStoreDbEventStore({ connectionString: realServer, resubscribe: fastResubscribe });
    return Promise.resolve({ store, dispose: () => store.close() });
  });
}

function event(type = 'BounceReceived', data: Record<string, unknown> = {}) {
  return { eventId: randomUUID(), type, data };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 5_000) {
      throw new Error(`Timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('EventStoreDB adapter, beyond the contract (against the stand-in)', () => {
  let standIn: EventStoreStandIn;
  let store: EventStore;

  beforeEach(async () => {
    standIn = await startEventStoreStandIn();
    store = createEventStoreDbEventStore({ connectionString: standIn.connectionString, resubscribe: fastResubscribe });
  });

  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  describe('when a stream that does not exist is appended to at a revision', () => {
    it("reports the stream's actual state as no_stream", async () => {
      const streamId = `recipient-${randomUUID()}`;

      const failure = await store.append(streamId, [event()], 3).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(WrongExpectedRevisionError);
      expect(failure).toMatchObject({ streamId, expected: 3, actual: 'no_stream' });
    });
  });

  describe('when the server restarts under a live subscription', () => {
    it('resubscribes from the last delivered event and misses nothing', async () => {
      const streamId = `recipient-${randomUUID()}`;
      const delivered: RecordedEvent[] = [];
      let caughtUp = 0;
      const subscription = store.subscribeAll(
        { filter: { streamPrefixes: ['recipient-'] } },
        {
          onEvent: (recorded) => {
            delivered.push(recorded);
          },
          onCaughtUp: () => {
            caughtUp += 1;
          },
        },
      );
      await store.append(streamId, [event(), event()], 'no_stream');
      await eventually(() => delivered.length === 2 && caughtUp === 1, 'the first two events arrive live');

      const { port, log } = standIn;
      await standIn.stop();
      standIn = await startEventStoreStandIn({ port, log });
      await eventually(() => caughtUp === 2, 'the subscription resumes and catches up again');
      await store.append(streamId, [event()], 1);
      await eventually(() => delivered.length === 3, 'the event appended after the restart arrives');

      expect(delivered.map((recorded) => recorded.revision)).toEqual([0, 1, 2]);
      await subscription.close();
    });
  });

  describe('when an older server answers a duplicate append without a position', () => {
    it('looks the position of the already-written event up', async () => {
      await standIn.stop();
      standIn = await startEventStoreStandIn({ log: new StandInLog('none') });
      await store.close();
      store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
      const streamId = `recipient-${randomUUID()}`;
      const events = [event(), event()];

      const first = await store.append(streamId, events, 'no_stream');
      const retry = await store.append(streamId, events, 'no_stream');

      expect(retry).toEqual(first);
    });
  });

  describe('when events that match no filter pass by during a long catch-up', () => {
    it('reports checkpoints past them, in order with the events around them', async () => {
      const recipient = `recipient-${randomUUID()}`;
      for (let batch = 0; batch < 70; batch += 1) {
        await store.append(
          recipient,
          Array.from({ length: 10 }, () => event()),
          batch === 0 ? 'no_stream' : batch * 10 - 1,
        );
        await store.append(`other-${randomUUID()}`, [event('Unrelated'), event('Unrelated')], 'no_stream');
      }
      const steps: { kind: 'event' | 'checkpoint'; position: bigint }[] = [];
      let caughtUp = false;
      const subscription = store.subscribeAll(
        { filter: { streamPrefixes: ['recipient-'] } },
        {
          onEvent: async (recorded) => {
            // A slow handler lets the client's buffer fill while later checkpoints are already parsed.
            await new Promise((resolve) => setImmediate(resolve));
            steps.push({ kind: 'event', position: recorded.position });
          },
          onCheckpoint: (position) => {
            steps.push({ kind: 'checkpoint', position });
          },
          onCaughtUp: () => {
            caughtUp = true;
          },
        },
      );
      await eventually(() => caughtUp, 'the subscription catches up');

      const positions = steps.map((step) => step.position);
      expect(steps.filter((step) => step.kind === 'event')).toHaveLength(700);
      expect(steps.filter((step) => step.kind === 'checkpoint').length).toBeGreaterThan(1);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(steps.at(-1)).toMatchObject({ kind: 'checkpoint', position: standIn.log.lastPosition });
      await subscription.close();
    });
  });
});
