import type { RecipientStatus, SimulationTotals, StatusView } from '@app/domain';
import { RECIPIENT_STATUSES } from '@app/domain';

/** One fact behind a candidate outcome, described for people. */
export interface EvidenceItem {
  eventId: string;
  type: string;
  occurredAt: string;
  /** e.g. "soft bounce, mailbox full (452 4.2.2)". */
  summary: string;
}

/** A recipient whose status (or suppression cause) differs under the candidate policy. */
export interface RecipientChange {
  streamId: string;
  address: string;
  /** The change kind (see the domain's `changeKind`), e.g. "quarantined -> suppressed". */
  kind: string;
  current: StatusView;
  candidate: StatusView;
  evidence: EvidenceItem[];
  /** Why the two policies disagree, in plain language. */
  explanation: string;
}

/** Recipients by status now (rows) and under the candidate (columns); the diagonal holds those that keep theirs. */
export type TransitionMatrix = Record<RecipientStatus, Record<RecipientStatus, number>>;

/**
 * `replay-facts`: the store's replay projection, caught up from the log first (see `catchUpReplayFacts`);
 * `stream-scan`: the store scanned whole streams (see `EventStore.scanStreams`); `event-log`: one read in log order.
 */
export type SimulationPath = 'replay-facts' | 'stream-scan' | 'event-log';

export interface SimulationReport {
  currentPolicy: string;
  candidatePolicy: string;
  /** The time both sides are evaluated at. */
  now: string;
  totals: SimulationTotals;
  matrix: TransitionMatrix;
  /** The first change of each kind, most frequent kind first, each with its explanation. */
  examples: RecipientChange[];
  /** False when the run was stopped before it read the whole log: the figures cover what was read. */
  complete: boolean;
  /** Stored events passed over: the total of `skippedEventsBy`. */
  skippedEvents: number;
  skippedEventsBy: {
    /** Events of erased recipients that the log still returns (EventStoreDB until a scavenge). */
    erased: number;
    /** Events of types this service does not know. */
    unknownType: number;
  };
  elapsedMs: number;
  eventsPerSecond: number;
  engine: {
    path: SimulationPath;
    workers: number;
  };
}

export function emptyMatrix(): TransitionMatrix {
  const row = (): Record<RecipientStatus, number> => ({
    deliverable: 0,
    soft_bouncing: 0,
    quarantined: 0,
    suppressed: 0,
  });
  return { deliverable: row(), soft_bouncing: row(), quarantined: row(), suppressed: row() };
}

export function addMatrix(into: TransitionMatrix, other: TransitionMatrix): void {
  for (const from of RECIPIENT_STATUSES) {
    for (const to of RECIPIENT_STATUSES) {
      into[from][to] += other[from][to];
    }
  }
}
