import { randomUUID } from 'node:crypto';
import { startEventStoreStandIn } from '../testing/esdb-stand-in';
import type { EventStoreStandIn } from '../testing/esdb-stand-in';
import type { EventStore } from '../event-store';
import { EventStoreUnavailableError } from '../event-store';
import { createEventStoreDbEventStore } from './eventstoredb-event-store';

/** `Read-After: head` and the projector's backlog need the log's head; EventStoreDB tells it by one backwards read. */
describe('the EventStoreDB store’s last position (protocol stand-in)', () => {
  let standIn: EventStoreStandIn;
  let store: EventStore;

  beforeEach(async () => {
    standIn = await startEventStoreStandIn();
    store = createEventStoreDbEventStore({ connectionString: standIn.connectionString });
  });
  afterEach(async () => {
    await store.close();
    await standIn.stop();
  });

  it('is the last record of a fresh node, a system event the port never reads', async () => {
    expect(standIn.log.lastPosition).toBeDefined();
    expect(await store.lastPosition?.()).toBe(standIn.log.lastPosition);
  });

  it('is the position of the last event appended, in any stream, and moves with each append', async () => {
    const first = await store.append(
      `recipient-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'A', data: {} }],
      'no_stream',
    );
    expect(await store.lastPosition?.()).toBe(first.position);
    const second = await store.append(
      `tokens-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'B', data: {} }],
      'no_stream',
    );
    expect(second.position).toBeGreaterThan(first.position);
    expect(await store.lastPosition?.()).toBe(second.position);
  });

  it('fails as unavailable, not with a hang, when the node is gone', async () => {
    await standIn.stop();
    await expect(store.lastPosition?.()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
