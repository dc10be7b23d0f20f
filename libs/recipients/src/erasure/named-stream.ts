import type { EventStore, RecordedEvent, Subscription } from '@app/event-store';
import { readStreamOrNothing } from '../command-handling/handle-command';

/**
 * Reads a stream of the service's own (the do-not-send list, the allowlist) into `onEvent`, then keeps delivering what
 * is appended to it by this process, the CLI or another replica. An event appended between the read and the start of
 * the subscription may be delivered twice, so `onEvent` must be idempotent in order (a fold by latest event is).
 */
export async function followNamedStream(
  store: EventStore,
  streamId: string,
  eventTypes: readonly string[],
  onEvent: (recorded: RecordedEvent) => void,
): Promise<Subscription> {
  const end = await store.lastPosition?.();
  let last = 0n;
  for (const recorded of await readStreamOrNothing(store, streamId)) {
    onEvent(recorded);
    last = recorded.position;
  }
  return store.subscribeAll(
    { after: end ?? last, filter: { streamPrefixes: [streamId], eventTypes: [...eventTypes] } },
    { onEvent: (recorded) => (recorded.streamId === streamId ? onEvent(recorded) : undefined) },
  );
}
