import type { ProjectedEvent } from '@app/read-model';
import type { Stores } from '../stores/open-stores';
import { isProjected, toProjectedEvent } from './projected-event';
import { RECIPIENT_STATUS_PROJECTION } from './projector';

export interface RebuildOutcome {
  /** Events read from the log. */
  events: number;
  /** Of those, the recipient events the projection applied. */
  projected: number;
  /** False when `signal` stopped the rebuild after a committed batch: the read model is partial. */
  complete: boolean;
}

/**
 * Resets the read model and replays the log through the projection in batches, each committed with its checkpoint,
 * exactly as the projector would have applied it; the result is the rows a projection from scratch produces.
 */
export async function rebuildReadModel(
  { eventStore, readModel }: Pick<Stores, 'eventStore' | 'readModel'>,
  batchSize: number,
  signal?: AbortSignal,
  onProgress?: (events: number) => void,
): Promise<RebuildOutcome> {
  await readModel.reset();
  let batch: ProjectedEvent[] = [];
  let events = 0;
  let projected = 0;
  let last: bigint | undefined;
  const commit = async (): Promise<void> => {
    if (last !== undefined) {
      await readModel.project(batch, { name: RECIPIENT_STATUS_PROJECTION, position: last });
    }
    projected += batch.length;
    batch = [];
    onProgress?.(events);
  };
  for await (const recorded of eventStore.readAll({ pageSize: batchSize })) {
    events++;
    last = recorded.position;
    if (isProjected(recorded)) {
      batch.push(toProjectedEvent(recorded));
    }
    if (events % batchSize === 0) {
      await commit();
      if (signal?.aborted === true) {
        return { events, projected, complete: false };
      }
    }
  }
  await commit();
  return { events, projected, complete: true };
}
