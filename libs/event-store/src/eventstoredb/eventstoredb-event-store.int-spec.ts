import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, START } from '@eventstore/db-client';
import { startEventStoreStandIn, StandInLog } from '../testing/esdb-stand-in';
import type { EventStoreStandIn } from '../testing/esdb-stand-in';
import type { EventStore, RecordedEvent, SkippedEvent } from '../event-store';
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

      expect(retry).toEqual({ ...first, alreadyRecorded: true });
    });
  });

  describe('when events that match no filter pass by during a long catch-up', () => {
    it('reports checkpoints past them, in order with the events around them, each one a safe place to resume', async () => {
      const recipient = `recipient-${randomUUID()}`;
      for (let batch = 0; batch < 70; batch += 1) {
        standIn.log.append(
          recipient,
          { kind: 'any' },
          Array.from({ length: 10 }, () => proposed('BounceReceived')),
        );
        standIn.log.append(`other-${randomUUID()}`, { kind: 'no_stream' }, [
          proposed('Unrelated'),
          proposed('Unrelated'),
        ]);
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
      await subscription.close();

      const positions = steps.map((step) => step.position);
      const ours = standIn.log.stream(recipient) ?? [];
      const checkpoints = steps.filter((step) => step.kind === 'checkpoint');
      expect(steps.filter((step) => step.kind === 'event')).toHaveLength(700);
      expect(checkpoints.length).toBeGreaterThan(1);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      // The server sends no checkpoint when it goes live, so none is reported past the last event considered.
      expect(checkpoints.every((step) => step.position < (standIn.log.lastPosition ?? 0n))).toBe(true);
      // Resuming after any checkpoint delivers exactly the events of ours that lie past it.
      const resumeAfter = checkpoints[checkpoints.length - 1]?.position ?? 0n;
      const resumed = await collectUntilCaughtUp(store, resumeAfter);
      expect(resumed).toEqual(ours.filter((event) => event.position > resumeAfter).map((event) => event.eventId));
    }, 30_000);
  });

  describe('when a server sends its going-live checkpoint at the end of the log, prepare 0 (KurrentDB 25.0.0)', () => {
    beforeEach(async () => {
      await store.close();
      await standIn.stop();
      standIn = await startEventStoreStandIn({ goingLiveCheckpoint: 'end-of-log' });
      store = createEventStoreDbEventStore({
        connectionString: standIn.connectionString,
        resubscribe: fastResubscribe,
      });
    });

    it('still delivers the event then written at that position, and reports a checkpoint that resumes before it', async () => {
      const streamId = `recipient-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      const delivered: RecordedEvent[] = [];
      const checkpoints: bigint[] = [];
      let caughtUp = false;
      const subscription = store.subscribeAll(
        { filter: { streamPrefixes: ['recipient-'] } },
        {
          onEvent: (recorded) => {
            delivered.push(recorded);
          },
          onCheckpoint: (position) => {
            checkpoints.push(position);
          },
          onCaughtUp: () => {
            caughtUp = true;
          },
        },
      );
      await eventually(() => caughtUp, 'the subscription goes live');
      const endOfLog = standIn.log.endOfLog;

      // Written straight to the log, so no event-id claim takes the position at the end.
      standIn.log.append(streamId, { kind: 'revision', revision: 0n }, [proposed('BounceReceived')]);
      await eventually(() => delivered.length === 2, 'the event written at the checkpoint position arrives');
      await subscription.close();

      expect(delivered[1]?.position).toBe(endOfLog);
      expect(delivered.map((recorded) => recorded.revision)).toEqual([0, 1]);
      expect(checkpoints).toEqual([endOfLog - 1n]);
      expect(await collectUntilCaughtUp(store, checkpoints[0])).toEqual([delivered[1]?.eventId]);
    });
  });

  describe('when the server sends checkpoints of its own choosing', () => {
    it('resumes from the exact (commit, prepare) pair after a checkpoint between records, missing nothing', async () => {
      const streamId = `recipient-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      const delivered: RecordedEvent[] = [];
      const checkpoints: bigint[] = [];
      let caughtUp = 0;
      const subscription = store.subscribeAll(
        { filter: { streamPrefixes: ['recipient-'] } },
        {
          onEvent: (recorded) => {
            delivered.push(recorded);
          },
          onCheckpoint: (position) => {
            checkpoints.push(position);
          },
          onCaughtUp: () => {
            caughtUp += 1;
          },
        },
      );
      await eventually(() => caughtUp === 1, 'the subscription goes live');
      const endOfLog = standIn.log.endOfLog;
      standIn.sendCheckpoint({ commit: endOfLog, prepare: 0n });
      await eventually(() => checkpoints.length === 1, 'the checkpoint is reported');

      const { port, log } = standIn;
      await standIn.stop();
      standIn = await startEventStoreStandIn({ port, log });
      await eventually(() => caughtUp === 2, 'the subscription resumes from the checkpoint');
      standIn.log.append(streamId, { kind: 'revision', revision: 0n }, [proposed('BounceReceived')]);
      await eventually(() => delivered.length === 2, 'the event at the checkpoint commit position arrives');
      await subscription.close();

      expect(checkpoints).toEqual([endOfLog - 1n]);
      expect(delivered.map((recorded) => recorded.position)).toEqual([delivered[0]?.position, endOfLog]);
    });

    it('ignores a checkpoint behind the last delivered event: no report, no redelivery after resuming', async () => {
      const streamId = `recipient-${randomUUID()}`;
      const first = await store.append(streamId, [event(), event()], 'no_stream');
      const delivered: RecordedEvent[] = [];
      const checkpoints: bigint[] = [];
      let caughtUp = 0;
      const subscription = store.subscribeAll(
        { filter: { streamPrefixes: ['recipient-'] } },
        {
          onEvent: (recorded) => {
            delivered.push(recorded);
          },
          onCheckpoint: (position) => {
            checkpoints.push(position);
          },
          onCaughtUp: () => {
            caughtUp += 1;
          },
        },
      );
      await eventually(() => caughtUp === 1 && delivered.length === 2, 'both events arrive');
      standIn.sendCheckpoint({ commit: first.position, prepare: 0n });
      standIn.sendCheckpoint({ commit: standIn.log.endOfLog, prepare: 0n });
      await eventually(() => checkpoints.length === 1, 'the checkpoint past the events is reported');

      const { port, log } = standIn;
      await standIn.stop();
      standIn = await startEventStoreStandIn({ port, log });
      await eventually(() => caughtUp === 2, 'the subscription resumes');
      await subscription.close();

      expect(checkpoints).toEqual([standIn.log.endOfLog - 1n]);
      expect(delivered).toHaveLength(2);
    });
  });

  describe('when a subscriber stops reading', () => {
    it('holds the server back instead of buffering the whole log, then delivers everything once it reads again', async () => {
      const streamId = `recipient-${randomUUID()}`;
      const total = 2_000;
      standIn.log.append(
        streamId,
        { kind: 'no_stream' },
        Array.from({ length: total }, () => proposed('BounceReceived')),
      );
      const client = EventStoreDBClient.connectionString(standIn.connectionString);
      const subscription = client.subscribeToAll({ fromPosition: START });
      subscription.pause();
      let sent = -1;
      await eventually(() => {
        const settled = standIn.traffic.eventsSent === sent && sent > 0;
        sent = standIn.traffic.eventsSent;
        return settled;
      }, 'the server stops sending to the paused subscriber');

      expect(sent).toBeLessThan(total);
      let received = 0;
      for await (const resolved of subscription) {
        if (resolved.event?.streamId === streamId && ++received === total) {
          break;
        }
      }
      await client.dispose();
      expect(received).toBe(total);
    }, 60_000);
  });

  describe('when $all holds events this service cannot have written', () => {
    it('reads past system events and a non-JSON event, reporting each as skipped', async () => {
      const streamId = `recipient-${randomUUID()}`;
      await store.append(streamId, [event()], 'no_stream');
      const binary = standIn.log.appendForeign(`legacy-${randomUUID()}`, {
        type: 'LegacyRecord',
        contentType: 'application/octet-stream',
        data: new Uint8Array([0xff, 0x00, 0x01]),
      });
      standIn.log.appendForeign('$stats-127.0.0.1:2113', {
        type: '$statsCollected',
        contentType: 'application/json',
        data: '{}',
      });
      await store.append(streamId, [event()], 0);
      const skipped: SkippedEvent[] = [];

      const read: RecordedEvent[] = [];
      for await (const recorded of store.readAll({ pageSize: 2, onSkipped: (one) => skipped.push(one) })) {
        read.push(recorded);
      }

      expect(read.map((recorded) => recorded.streamId)).toEqual([streamId, streamId]);
      expect(skipped.map((one) => one.reason).sort()).toEqual(
        ['not_json', 'store_bookkeeping', 'store_bookkeeping', ...Array<string>(6).fill('system')].sort(),
      );
      expect(skipped.find((one) => one.reason === 'not_json')).toMatchObject({
        streamId: binary.streamId,
        type: 'LegacyRecord',
        position: binary.position,
      });
    });
  });
});

function proposed(type: string) {
  return {
    eventId: randomUUID(),
    type,
    contentType: 'application/json',
    data: Buffer.from('{}'),
    customMetadata: new Uint8Array(),
  };
}

/** Ids of the recipient events a new subscription after `after` delivers before it goes live. */
async function collectUntilCaughtUp(store: EventStore, after: bigint | undefined): Promise<string[]> {
  const ids: string[] = [];
  let caughtUp = false;
  const subscription = store.subscribeAll(
    { after, filter: { streamPrefixes: ['recipient-'] } },
    {
      onEvent: (recorded) => {
        ids.push(recorded.eventId);
      },
      onCaughtUp: () => {
        caughtUp = true;
      },
    },
  );
  await eventually(() => caughtUp, 'the new subscription catches up');
  await subscription.close();
  return ids;
}
