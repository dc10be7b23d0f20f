import type { EventStore, RecordedEvent } from '@app/event-store';
import { RECIPIENT_STREAM_PREFIX } from '@app/event-store';
import { measureProgress } from './projection-progress';

const LONG_AGO = '2001-01-01T00:00:00.000Z';

function recorded(position: bigint, streamId: string, type: string): RecordedEvent {
  return {
    eventId: `e${position}`,
    type,
    data: {},
    metadata: {},
    streamId,
    revision: 0,
    position,
    recordedAt: LONG_AGO,
  };
}

/** A log in memory with only what measuring reads: its head and the events after a position. */
function logOf(events: RecordedEvent[], withHead = true): EventStore {
  const store: Partial<EventStore> = {
    readAll: ({ after } = {}) => ({
      // eslint-disable-next-line @typescript-eslint/require-await
      async *[Symbol.asyncIterator]() {
        yield* events.filter((event) => event.position > (after ?? 0n));
      },
    }),
  };
  if (withHead) {
    store.lastPosition = () => Promise.resolve(events.at(-1)?.position ?? 0n);
  }
  return store as EventStore;
}

const policyAdopted = (position: bigint) => recorded(position, 'policy-adoptions', 'PolicyAdopted');
const bounce = (position: bigint) => recorded(position, `${RECIPIENT_STREAM_PREFIX}abc`, 'BounceReceived');

describe('measuring how far the read model trails the log', () => {
  it('reads nothing pending at the head: no lag, no backlog', async () => {
    const progress = await measureProgress(logOf([bounce(1n), bounce(2n)]), 'active', 2n);
    expect(progress).toMatchObject({ position: 2n, head: 2n, backlog: 0, lagMs: 0, role: 'active' });
  });

  it('ages the first recipient event past the checkpoint, passing over other streams', async () => {
    const before = Date.now();
    const progress = await measureProgress(logOf([bounce(1n), policyAdopted(2n), bounce(3n)]), 'standby', 1n);
    expect(progress).toMatchObject({ position: 1n, head: 3n, backlog: 2, role: 'standby' });
    expect(progress.lagMs).toBeGreaterThanOrEqual(before - Date.parse(LONG_AGO));
  });

  it('counts only other streams past the checkpoint as a backlog without lag', async () => {
    const progress = await measureProgress(logOf([bounce(1n), policyAdopted(2n)]), 'active', 1n);
    expect(progress).toMatchObject({ backlog: 1, lagMs: 0 });
  });

  it('starts from the beginning before the first checkpoint, and leaves the head unknown when the store cannot tell', async () => {
    const progress = await measureProgress(logOf([bounce(1n)], false), 'active', undefined);
    expect(progress.position).toBe(0n);
    expect(progress.head).toBeUndefined();
    expect(progress.backlog).toBeUndefined();
    expect(progress.lagMs).toBeGreaterThan(0);
  });
});
