import type { Adoption, Policy, RecipientEvent, RecipientState } from '@app/domain';
import {
  evolve,
  fromStoredEvent,
  initialRecipientState,
  isFact,
  isRecipientEventType,
  reevaluate,
  replayFact,
  toStoredEvent,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import { handleCommand } from '@app/recipients';
import type { ReplaySides } from './recipient-replay';
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
        batch.map((recipient) => reevaluateRecipient(store, adoption, recipient, outcome)),
      );
      outcome.reevaluated += appended.filter(Boolean).length;
    },
  });
  outcome.complete = result.complete;
  return outcome;
}

/** A recipient as recorded, and as its facts replay under the adopted policy. */
interface ReplayedStates {
  current: RecipientState;
  candidate: RecipientState;
}

/**
 * Appends the recipient's re-evaluation, if its answer changed, at the revision the replay read; a command landing
 * since is met by `handleCommand`, which reads the stream again and decides again.
 */
async function reevaluateRecipient(
  store: EventStore,
  adoption: Adoption,
  { streamId, replay }: ReplayedRecipient,
  outcome: AdoptionOutcome,
): Promise<boolean> {
  const { policy } = adoption;
  const handled = await handleCommand<ReplayedStates, RecipientEvent, boolean>({
    store,
    streamId,
    initialState: () => ({ current: initialRecipientState(), candidate: initialRecipientState() }),
    evolve: (states, events) => events.reduce((folded, event) => advance(folded, event, policy), states),
    decide: ({ current, candidate }) => {
      const event = reevaluate(current, candidate, adoption);
      return { events: event === null ? [] : [event], result: event !== null };
    },
    read: (recorded) =>
      isRecipientEventType(recorded.type) ? fromStoredEvent(recorded, recorded.recordedAt) : undefined,
    write: (event) => toStoredEvent(event),
    maxAttempts: MAX_ATTEMPTS,
    readAlready: { state: { current: replay.current, candidate: replay.candidate }, revision: replay.revision },
    onConflict: () => {
      outcome.retried++;
    },
  });
  return handled.result;
}

/** Every event folds into the recorded side; facts alone replay into the adopted policy's side. */
function advance(states: ReplayedStates, event: RecipientEvent, policy: Policy): ReplayedStates {
  return {
    current: evolve(states.current, event),
    candidate: isFact(event) ? replayFact(states.candidate, event, policy).state : states.candidate,
  };
}
