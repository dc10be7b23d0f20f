import type { RecordedEvent, SkippedEvent } from '@app/event-store';
import type { DeadLetterSummary, ProjectedEvent, ReadModelStore } from '@app/read-model';
import type { Stores } from '../stores/open-stores';
import { deadLetterOf, isStoreOutage } from './projection-failure';
import { isProjected, toProjectedEvent } from './projected-event';
import { RECIPIENT_STATUS_PROJECTION } from './projector';

/** Dead letters a rebuild names; the rest are counted. */
const LISTED_DEAD_LETTERS = 5;

export interface RebuildOutcome {
  /** Events read from the log. */
  events: number;
  /** Of those, the recipient events the projection applied. */
  projected: number;
  /** Events in the log passed over instead of read: the total of `skippedBy`. */
  skipped: number;
  skippedBy: SkippedCounts;
  /** False when `signal` stopped the rebuild after a committed batch: the read model is partial. */
  complete: boolean;
  /** Events the read model refused or that could not be decoded, set aside so the rebuild went on past them. */
  deadLetters: DeadLetterSummary;
}

/** Why events were passed over. */
export interface SkippedCounts {
  /** Events of erased recipients, which EventStoreDB still returns until a scavenge removes them. */
  erased: number;
  /** System events, foreign data and the store's bookkeeping. */
  notThisService: number;
}

/**
 * Resets the read model and replays the log through the projection in batches, each committed with its checkpoint,
 * exactly as the projector would have applied it; the result is the rows a projection from scratch produces. An
 * event the read model refuses (or that cannot be decoded) is recorded as a dead letter instead of ending the
 * rebuild; an unreachable read model ends it, since nothing could be written anyway.
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
  const skippedBy: SkippedCounts = { erased: 0, notThisService: 0 };
  let last: bigint | undefined;
  const commit = async (): Promise<void> => {
    if (last !== undefined) {
      projected += await projectSettingAside(readModel, batch, last);
    }
    batch = [];
    onProgress?.(events);
  };
  const outcome = async (complete: boolean): Promise<RebuildOutcome> => ({
    events,
    projected,
    skipped: skippedBy.erased + skippedBy.notThisService,
    skippedBy: { ...skippedBy },
    complete,
    deadLetters: await readModel.deadLetters(RECIPIENT_STATUS_PROJECTION, LISTED_DEAD_LETTERS),
  });
  const onSkipped = ({ reason }: SkippedEvent): void => {
    if (reason === 'erased') {
      skippedBy.erased++;
    } else {
      skippedBy.notThisService++;
    }
  };
  for await (const recorded of eventStore.readAll({ pageSize: batchSize, onSkipped })) {
    events++;
    last = recorded.position;
    if (isProjected(recorded)) {
      const decoded = decode(recorded);
      if (decoded.kind === 'event') {
        batch.push(decoded.event);
      } else {
        // The events before it are committed first, so the checkpoint never passes an event not yet applied.
        const before = batch[batch.length - 1];
        if (before !== undefined) {
          projected += await projectSettingAside(readModel, batch, before.position);
        }
        batch = [];
        await readModel.deadLetter(deadLetterOf(recorded, decoded.error), {
          name: RECIPIENT_STATUS_PROJECTION,
          position: recorded.position,
        });
      }
    }
    if (events % batchSize === 0) {
      await commit();
      if (signal?.aborted === true) {
        return outcome(false);
      }
    }
  }
  await commit();
  return outcome(true);
}

type Decoded = { kind: 'event'; event: ProjectedEvent } | { kind: 'undecodable'; error: unknown };

function decode(recorded: RecordedEvent): Decoded {
  try {
    return { kind: 'event', event: toProjectedEvent(recorded) };
  } catch (error) {
    return { kind: 'undecodable', error };
  }
}

/**
 * Applies a batch with its checkpoint; if the read model refuses it for its content, applies it one event at a time
 * and records the refused ones as dead letters. Returns how many events were applied.
 */
async function projectSettingAside(
  readModel: ReadModelStore,
  batch: readonly ProjectedEvent[],
  position: bigint,
): Promise<number> {
  const checkpoint = { name: RECIPIENT_STATUS_PROJECTION, position };
  try {
    await readModel.project(batch, checkpoint);
    return batch.length;
  } catch (error) {
    if (isStoreOutage(error) || batch.length === 0) {
      throw error;
    }
  }
  let applied = 0;
  for (const event of batch) {
    try {
      await readModel.project([event], { name: RECIPIENT_STATUS_PROJECTION, position: event.position });
      applied++;
    } catch (error) {
      if (isStoreOutage(error)) {
        throw error;
      }
      await readModel.deadLetter(deadLetterOf(event, error), {
        name: RECIPIENT_STATUS_PROJECTION,
        position: event.position,
      });
    }
  }
  await readModel.project([], checkpoint);
  return applied;
}
