import type {
  Classification,
  DecisionEvent,
  FactEvent,
  Policy,
  RecipientComparison,
  RecipientEvent,
  RecipientState,
} from '@app/domain';
import { compareRecipient, evolve, initialRecipientState, isFact, replayFact } from '@app/domain';

/** What both sides of a simulation are evaluated with. */
export interface ReplaySides {
  current: Policy;
  candidate: Policy;
  now: number;
}

/**
 * One recipient, fed its events in stream order: "current" folds every event (facts and the decisions recorded at
 * the time), "candidate" replays the facts alone under the candidate policy. Both in one pass, nothing kept but the
 * two states and the decisions that explain them.
 */
export class RecipientReplay {
  current: RecipientState = initialRecipientState();
  candidate: RecipientState = initialRecipientState();
  events = 0;
  /** Revision of the last event fed: the expected revision for an append after it. */
  revision = -1;
  lastCurrentDecision: DecisionEvent | undefined;
  lastCandidateDecision: DecisionEvent | undefined;

  constructor(private readonly sides: ReplaySides) {}

  /** `classified`: a bounce's classification under the candidate, when the caller already made it. */
  add(event: RecipientEvent, revision: number, classified?: Classification): void {
    this.events++;
    this.revision = revision;
    this.current = evolve(this.current, event);
    if (!isFact(event)) {
      this.lastCurrentDecision = event;
      return;
    }
    const applied = replayFact(this.candidate, event, this.sides.candidate, classified);
    this.candidate = applied.state;
    const decided = applied.decisions[applied.decisions.length - 1];
    if (decided !== undefined) {
      this.lastCandidateDecision = decided;
    }
  }

  compare(): RecipientComparison {
    const { current, candidate, now } = this.sides;
    return compareRecipient(this.current, current, this.candidate, candidate, now);
  }
}

export type FactLookup = (eventId: string) => FactEvent | undefined;

/** Indexes a stream's facts by id, for describing the evidence of a change. */
export function factLookup(events: readonly RecipientEvent[]): FactLookup {
  let index: Map<string, FactEvent> | undefined;
  return (eventId) => {
    index ??= new Map(events.filter(isFact).map((event) => [event.eventId, event]));
    return index.get(eventId);
  };
}
