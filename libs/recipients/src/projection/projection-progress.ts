import type { EventStore, RecordedEvent } from '@app/event-store';
import { isProjected } from './projected-event';

/** Events of other streams passed over when looking for the oldest event the read model has not applied. */
const SKIPPED_LOOKAHEAD = 64;

/** `active`: this process writes the read model; `standby`: another process holds the lease and writes it. */
export type ProjectorRole = 'active' | 'standby';

/** Where the read model stands against the log, as one projector measured it. */
export interface ProjectionProgress {
  role: ProjectorRole;
  /** The read model's checkpoint: the last log position it has applied (0 before the first). */
  position: bigint;
  /** The log's last position; undefined when the store cannot tell it without reading the log. */
  head: bigint | undefined;
  /** Log positions between the checkpoint and the head. */
  backlog: number | undefined;
  /** Age of the oldest event the read model has not applied yet; 0 when it has applied everything. */
  lagMs: number;
  /** When it was measured (epoch milliseconds). */
  measuredAt: number;
}

/** Reads the head, and the first recipient event past the checkpoint for its age: indexed reads, never a scan. */
export async function measureProgress(
  eventStore: EventStore,
  role: ProjectorRole,
  checkpoint: bigint | undefined,
): Promise<ProjectionProgress> {
  const position = checkpoint ?? 0n;
  const head = await eventStore.lastPosition?.();
  const now = Date.now();
  let lagMs = 0;
  if (head === undefined || position < head) {
    const oldest = await oldestPending(eventStore, checkpoint);
    lagMs = oldest === undefined ? 0 : Math.max(0, now - Date.parse(oldest.recordedAt));
  }
  return {
    role,
    position,
    head,
    backlog: head === undefined ? undefined : Number(head > position ? head - position : 0n),
    lagMs,
    measuredAt: now,
  };
}

/**
 * The first event past the checkpoint that the projection applies. Other streams' events (policy adoptions, store
 * metadata) are passed over: the checkpoint may rest before them until the store reports progress past them. After
 * SKIPPED_LOOKAHEAD of them in a row, the last one read stands in for the oldest pending event.
 */
async function oldestPending(
  eventStore: EventStore,
  checkpoint: bigint | undefined,
): Promise<RecordedEvent | undefined> {
  let read = 0;
  for await (const event of eventStore.readAll({ after: checkpoint, pageSize: SKIPPED_LOOKAHEAD })) {
    if (isProjected(event) || ++read >= SKIPPED_LOOKAHEAD) {
      return event;
    }
  }
  return undefined;
}
