import { randomUUID } from 'node:crypto';
import type { EventToAppend, RecordedEvent } from '../event-store';
import { EventStoreUnavailableError } from '../event-store';
import { useTemporarySqliteStores } from '../testing/temporary-sqlite-stores';

function event(type = 'BounceReceived'): EventToAppend {
  return { eventId: randomUUID(), type, data: {} };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 5_000) {
      throw new Error(`Timed out waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a subscription to the embedded SQLite event store, beyond the contract', () => {
  const temporary = useTemporarySqliteStores('sqlite-subscription-');
  const { open } = temporary;

  it("sees another store's appends to the same file through polling", async () => {
    const reader = open({ pollIntervalMs: 20 });
    const writer = open();
    const delivered: RecordedEvent[] = [];
    let caughtUp = false;
    reader.subscribeAll(
      {},
      { onEvent: (recorded) => void delivered.push(recorded), onCaughtUp: () => void (caughtUp = true) },
    );
    await eventually(() => caughtUp, 'the reader catches up');

    await writer.append('stream', [event(), event()], 'no_stream');
    await writer.append('stream', [event()], 1);

    await eventually(() => delivered.length === 3, "the writer's events reach the reader");
    expect(delivered.map((recorded) => recorded.revision)).toEqual([0, 1, 2]);
  });

  it('ends with onError when a handler throws, delivering nothing after it', async () => {
    const store = open();
    await store.append('stream', [event(), event('Broken'), event()], 'no_stream');
    const delivered: string[] = [];
    const errors: Error[] = [];

    store.subscribeAll(
      {},
      {
        onEvent: (recorded) => {
          if (recorded.type === 'Broken') {
            throw new Error('handler failed');
          }
          delivered.push(recorded.type);
        },
        onError: (error) => errors.push(error),
      },
    );

    await eventually(() => errors.length === 1, 'the error is reported');
    expect(errors[0]?.message).toBe('handler failed');
    expect(delivered).toEqual(['BounceReceived']);
  });

  it('ends with EventStoreUnavailableError when the database goes away under them', async () => {
    const store = open({ pollIntervalMs: 20 });
    const errors: Error[] = [];
    let caughtUp = false;
    store.subscribeAll(
      {},
      { onEvent: () => undefined, onCaughtUp: () => void (caughtUp = true), onError: (error) => errors.push(error) },
    );
    await eventually(() => caughtUp, 'the subscription catches up');

    store.database.close();

    await eventually(() => errors.length === 1, 'the failure is reported');
    expect(errors[0]).toBeInstanceOf(EventStoreUnavailableError);
  });

  it('reports a checkpoint past events the filter skipped', async () => {
    const store = open();
    await store.append('recipient-a', [event()], 'no_stream');
    const skipped = await store.append('policy', [event(), event()], 'no_stream');
    const checkpoints: bigint[] = [];
    let caughtUp = false;

    store.subscribeAll(
      { filter: { streamPrefixes: ['recipient-'] } },
      {
        onEvent: () => undefined,
        onCheckpoint: (position) => void checkpoints.push(position),
        onCaughtUp: () => void (caughtUp = true),
      },
    );

    await eventually(() => caughtUp, 'the subscription catches up');
    expect(checkpoints).toEqual([skipped.position]);
  });

  it('delivers exactly the events a filter wants across pages, whatever characters the prefixes hold', async () => {
    const store = open();
    // Streams and prefixes with LIKE's wildcards, capitals and characters beyond ASCII: a prefix is compared exactly.
    const streams = ['policy', 'policy-1', 'poli%y', 'po_icy', 'pölicy-x', 'pöl', 'recipient-a', '😀-1', '😀'];
    const types = ['PolicyAdopted', 'BounceReceived', 'Other'];
    // More events than a page spans, so the filter is applied page by page.
    for (let round = 0; round < 70; round++) {
      for (const [index, streamId] of streams.entries()) {
        await store.append(streamId, [event(types[(round + index) % types.length]), event('Other')], 'any');
      }
    }
    const filter = { streamPrefixes: ['po_', '😀-', 'pö', 'Policy'], eventTypes: ['PolicyAdopted', 'BounceReceived'] };
    const all: RecordedEvent[] = [];
    for await (const recorded of store.readAll()) {
      all.push(recorded);
    }
    const wanted = all.filter(
      (recorded) =>
        filter.streamPrefixes.some((prefix) => recorded.streamId.startsWith(prefix)) &&
        filter.eventTypes.includes(recorded.type),
    );
    const delivered: RecordedEvent[] = [];
    let caughtUpAt: bigint | undefined;

    store.subscribeAll(
      { filter },
      { onEvent: (recorded) => void delivered.push(recorded), onCaughtUp: (position) => void (caughtUpAt = position) },
    );

    await eventually(() => caughtUpAt !== undefined, 'the subscription catches up');
    expect(delivered.map((recorded) => recorded.eventId)).toEqual(wanted.map((recorded) => recorded.eventId));
    expect(delivered[0]).toEqual(wanted[0]);
    expect(caughtUpAt).toBe(all.at(-1)?.position);
  });
});
