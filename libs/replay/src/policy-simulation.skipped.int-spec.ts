import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decide, defaultPolicy, initialRecipientState, toStoredEvent } from '@app/domain';
import type { EventStore, ReadAllOptions, SkippedEvent } from '@app/event-store';
import { createSqliteEventStore, RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { simulatePolicy } from './policy-simulation';

const NOW = Date.parse('2026-06-01T00:00:00Z');

/** What EventStoreDB's readAll passes over besides this service's events, as its adapter reports them. */
const PASSED_OVER: SkippedEvent[] = [
  { streamId: '$stats-127.0.0.1:2113', type: '$statsCollected', position: 1n, reason: 'system' },
  // A soft-deleted recipient's events, returned until a scavenge removes them.
  { streamId: `${RECIPIENT_STREAM_PREFIX}e0`, type: 'DeliverySucceeded', position: 2n, reason: 'erased' },
  { streamId: `${RECIPIENT_STREAM_PREFIX}e0`, type: 'BounceReceived', position: 3n, reason: 'erased' },
];

/** The store as EventStoreDB offers it (no stream scan), its readAll telling of the events above. */
function asEventStoreDb(store: EventStore): EventStore {
  return {
    append: (...args) => store.append(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (options?: ReadAllOptions) => {
      PASSED_OVER.forEach((event) => options?.onSkipped?.(event));
      return store.readAll(options);
    },
    subscribeAll: (...args) => store.subscribeAll(...args),
    eraseStream: (...args) => store.eraseStream(...args),
    ping: () => store.ping(),
    close: () => store.close(),
  };
}

describe('a policy simulation counts the events it passes over by why', () => {
  let dir: string;
  let store: EventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simulation-skipped-'));
    store = createSqliteEventStore({ path: join(dir, 'log.sqlite') });
    const decision = decide(
      {
        type: 'RecordDelivery',
        address: 'a@example.com',
        occurredAt: new Date(NOW - 1000).toISOString(),
        source: 'mta',
      },
      initialRecipientState(),
      { policy: defaultPolicy(), now: NOW, seenFacts: new Map() },
    );
    if (decision.outcome !== 'recorded') {
      throw new Error(`the delivery was ${decision.outcome}`);
    }
    const stream = `${RECIPIENT_STREAM_PREFIX}a1`;
    await store.append(
      stream,
      decision.events.map((event) => toStoredEvent(event)),
      'no_stream',
    );
    await store.append(stream, [{ eventId: randomUUID(), type: 'NotARecipientEvent', data: {}, metadata: {} }], 'any');
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const simulate = (source: EventStore, path?: 'stream-scan') =>
    simulatePolicy({ store: source, current: defaultPolicy(), candidate: defaultPolicy(), now: NOW, path });

  it("over the log read, erased recipients' events apart from unknown types, and never the log's own", async () => {
    const report = await simulate(asEventStoreDb(store));
    expect(report.engine.path).toBe('event-log');
    expect(report.skippedEventsBy).toEqual({ erased: 2, unknownType: 1 });
    expect(report.skippedEvents).toBe(3);
    expect(report.totals.recipients).toBe(1);
  });

  it('over a stream scan, which meets no erased events, only the unknown type', async () => {
    const report = await simulate(store, 'stream-scan');
    expect(report.skippedEventsBy).toEqual({ erased: 0, unknownType: 1 });
    expect(report.skippedEvents).toBe(1);
  });
});
