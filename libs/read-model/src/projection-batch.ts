import type { ProjectedEvent, RestorationRow } from './read-model-store';
import type { RestorationChange } from './recipient-status.projection';

export type RestorationEnding = Extract<RestorationChange, { kind: 'ended' }>;

/** The net effect of a batch's restoration changes: whole rows to write, and endings of rows written earlier. */
export interface RestorationWrites {
  upserts: RestorationRow[];
  endings: RestorationEnding[];
}

/** Splits a batch (in log order) into the events of each stream, keeping their order. */
export function groupByStream(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const streams = new Map<string, ProjectedEvent[]>();
  for (const event of events) {
    const stream = streams.get(event.streamId);
    if (stream === undefined) {
      streams.set(event.streamId, [event]);
    } else {
      stream.push(event);
    }
  }
  return streams;
}

/**
 * Folds changes, in the order they happened, into one write per restoration, so set-based statements can apply a
 * whole batch at once: a restoration opened and ended within the batch becomes one row already ended.
 */
export function mergeRestorationChanges(changes: Iterable<RestorationChange>): RestorationWrites {
  const rows = new Map<string, RestorationRow>();
  const endings = new Map<string, RestorationEnding>();
  for (const change of changes) {
    if (change.kind === 'opened') {
      rows.set(change.row.restorationId, change.row);
      endings.delete(change.row.restorationId);
      continue;
    }
    const row = rows.get(change.restorationId);
    if (row === undefined) {
      endings.set(change.restorationId, change);
    } else {
      const { state, endedAt, revertedBy, note } = change;
      rows.set(change.restorationId, { ...row, state, endedAt, revertedBy, note });
    }
  }
  return { upserts: [...rows.values()], endings: [...endings.values()] };
}
