import type { Adoption, RecipientReevaluated } from '@app/domain';
import { reevaluate, toStoredEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { WrongExpectedRevisionError } from '@app/event-store';
import { readRecipientStream } from '@app/recipients';
import type { ReplaySides } from './recipient-replay';
import { RecipientReplay } from './recipient-replay';
import type { ReplayedRecipient } from './recipient-replays';
import { replayEveryRecipient } from './recipient-replays';
import type { SliceProgress } from './scanned-streams';

/** Revision conflicts with live commands are retried this many times per recipient. */
const MAX_ATTEMPTS = 8;

export interface ReevaluateOptions {
  store: EventStore;
  /** The policy just adopted, the one it replaced, who adopted it, and the time every answer is compared at. */
  adoption: Adoption;
  onProgress?: (progress: { events: number; recipients: number }) => void;
  signal?: AbortSignal;
}

export interface AdoptionOutcome {
  recipients: number;
  events: number;
  /** Recipients whose answer the policy changed and who needed a decision: one RecipientReevaluated appended to each. */
  reevaluated: number;
  /** Appends that met a concurrent command and were decided again. */
  retried: number;
  complete: boolean;
}

/**
 * The second half of adopting a policy (after `recordAdoption`): replays every recipient under it and appends a
 * re-evaluation only where the recipient's answer under the adopted policy differs from the replay's (the same
 * comparison, `answerChanged`, that a simulation reports), with the stream's expected revision. Running it again
 * finds nothing more to do, so an interrupted adoption is finished by running it again.
 */
export async function reevaluateRecipients(options: ReevaluateOptions): Promise<AdoptionOutcome> {
  const { store, adoption, signal } = options;
  const { policy, now } = adoption;
  const sides: ReplaySides = { current: policy, candidate: policy, now };
  const outcome: AdoptionOutcome = { recipients: 0, events: 0, reevaluated: 0, retried: 0, complete: false };
  const result = await replayEveryRecipient({
    store,
    sides,
    signal,
    onProgress: (delta: SliceProgress) => {
      outcome.events += delta.events;
      outcome.recipients += delta.recipients;
      options.onProgress?.(outcome);
    },
    handle: async (batch) => {
      const appended = await Promise.all(
        batch.map((recipient) => reevaluateRecipient(store, sides, adoption, recipient, outcome)),
      );
      outcome.reevaluated += appended.filter(Boolean).length;
    },
  });
  outcome.complete = result.complete;
  return outcome;
}

async function reevaluateRecipient(
  store: EventStore,
  sides: ReplaySides,
  adoption: Adoption,
  { streamId, replay }: ReplayedRecipient,
  outcome: AdoptionOutcome,
): Promise<boolean> {
  let expected = replay.revision;
  let event: RecipientReevaluated | null = reevaluate(replay.current, replay.candidate, adoption);
  for (let attempt = 1; event !== null; attempt++) {
    try {
      await store.append(streamId, [toStoredEvent(event)], expected);
      return true;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt === MAX_ATTEMPTS) {
        throw error;
      }
    }
    // A command landed since the read: decide again from the stream as it is now.
    outcome.retried++;
    const fresh = new RecipientReplay(sides);
    for (const { event: stored, revision } of await readRecipientStream(store, streamId)) {
      fresh.add(stored, revision);
    }
    expected = fresh.revision;
    event = reevaluate(fresh.current, fresh.candidate, adoption);
  }
  return false;
}
