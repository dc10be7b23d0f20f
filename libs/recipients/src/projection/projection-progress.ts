import type { EventStore } from '@app/event-store';

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

/** Reads the head, and the first event past the checkpoint for its age: two indexed reads, never a scan. */
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
    for await (const oldest of eventStore.readAll({ after: checkpoint, pageSize: 1 })) {
      lagMs = Math.max(0, now - Date.parse(oldest.recordedAt));
      break;
    }
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
