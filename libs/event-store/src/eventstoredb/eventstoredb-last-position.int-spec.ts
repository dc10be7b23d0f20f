import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError } from '../event-store';
import { useStandInEventStore } from '../testing/stand-in-event-store';

/** `Read-After: head` and the projector's backlog need the log's head; EventStoreDB tells it by one backwards read. */
describe('the EventStoreDB store’s last position (protocol stand-in)', () => {
  const fixture = useStandInEventStore();

  it('is the last record of a fresh node, a system event the port never reads', async () => {
    expect(fixture.standIn.log.lastPosition).toBeDefined();
    expect(await fixture.store.lastPosition?.()).toBe(fixture.standIn.log.lastPosition);
  });

  it('is the position of the last event appended, in any stream, and moves with each append', async () => {
    const first = await fixture.store.append(
      `recipient-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'A', data: {} }],
      'no_stream',
    );
    expect(await fixture.store.lastPosition?.()).toBe(first.position);
    const second = await fixture.store.append(
      `tokens-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'B', data: {} }],
      'no_stream',
    );
    expect(second.position).toBeGreaterThan(first.position);
    expect(await fixture.store.lastPosition?.()).toBe(second.position);
  });

  it('fails as unavailable, not with a hang, when the node is gone', async () => {
    await fixture.standIn.stop();
    await expect(fixture.store.lastPosition?.()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
