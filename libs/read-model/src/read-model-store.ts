import type { Policy, RecipientEvent, RecipientState, RecipientStatus, Standing, SuppressionCause } from '@app/domain';
import type { DeadLetter, DeadLetterSummary } from './dead-letter';
import type { CheckedStatus } from './standing-summary';

/**
 * The read-model port: what queries need, kept by the recipient-status projection. Every adapter (embedded SQLite,
 * PostgreSQL) implements it and passes `testing/read-model.contract.ts`.
 */

/**
 * One row per recipient: recorded decisions and folded facts, never a policy's view of them. Whether a run still
 * reads as soft bouncing depends on the policy in force, so `rowStatusAt` works it out at query time from `state`.
 */
export interface RecipientStatusRow {
  streamId: string;
  address: string;
  standing: Standing['kind'];
  cause: SuppressionCause | null;
  reason: string | null;
  /** When the current suppression or quarantine was decided. */
  since: string | null;
  quarantineUntil: string | null;
  restored: boolean;
  restorationId: string | null;
  streamRevision: number;
  /** The policy the current suppression or quarantine was decided under. */
  policyVersion: string | null;
  updatedAt: string;
  /** The folded domain state, so the projection continues from the row without re-reading the stream. */
  state: RecipientState;
}

export type RestorationState = 'active' | 'reverted' | 'superseded';

export interface RestorationRow {
  restorationId: string;
  streamId: string;
  address: string;
  trigger: string;
  previous: Standing;
  state: RestorationState;
  restoredAt: string;
  endedAt: string | null;
  revertedBy: string | null;
  note: string | null;
}

export interface SuppressionListFilter {
  status?: Extract<RecipientStatus, 'quarantined' | 'suppressed'>;
  cause?: SuppressionCause;
  reason?: string;
  /** Only suppressions and quarantines decided at or after this time. */
  since?: string;
  /** Only those decided before this time. */
  until?: string;
  /** Only normalised addresses that start with this text. */
  addressPrefix?: string;
  /** Only addresses at this (normalised) domain. */
  domain?: string;
  /** Opaque: the `nextCursor` of the previous page. */
  cursor?: string;
  limit: number;
  /** Count every row the filters match, over all pages. */
  total?: boolean;
  /** Quarantines that ended before `now` are not listed. */
  now: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Present when the filter asked for it. */
  total?: number;
}

export interface RestorationFilter {
  address?: string;
  /** Only addresses that start with this (lower-case) text, taken literally. */
  addressPrefix?: string;
  /** Only addresses at this (normalised) domain. */
  domain?: string;
  state?: 'active' | 'reverted';
  /** Only restorations made at or after this time. */
  since?: string;
  /** Only those made before this time. */
  until?: string;
  cursor?: string;
  limit: number;
  /** Count every row the filters match, over all pages. */
  total?: boolean;
}

/** Events handed to the projection, with the positions that make it idempotent. */
export interface ProjectedEvent {
  streamId: string;
  revision: number;
  position: bigint;
  event: RecipientEvent;
}

export interface ReadModelStore {
  getRecipient(address: string): Promise<RecipientStatusRow | null>;
  /** Rows for the addresses that have one; absent addresses were never seen. */
  getRecipients(addresses: readonly string[]): Promise<Map<string, RecipientStatusRow>>;
  /**
   * Optional: the answers of a bulk check for normalised addresses, in order, as `rowStatusAt` gives them from the
   * rows, without reading a row per address (the embedded read model keeps an index of the recipients that are not
   * plainly deliverable). Without it, callers read the rows.
   */
  checkStatuses?(addresses: readonly string[], policy: Policy, now: number): Promise<CheckedStatus[]>;
  listSuppressions(filter: SuppressionListFilter): Promise<Page<RecipientStatusRow>>;
  getRestoration(restorationId: string): Promise<RestorationRow | null>;
  listRestorations(filter: RestorationFilter): Promise<Page<RestorationRow>>;
  /** Applies events (in log order) and moves the named checkpoint, atomically; events already applied are skipped. */
  project(events: readonly ProjectedEvent[], checkpoint: { name: string; position: bigint }): Promise<void>;
  checkpoint(name: string): Promise<bigint | undefined>;
  /** Records an event the named projection cannot apply and moves its checkpoint past it, atomically. */
  deadLetter(letter: DeadLetter, checkpoint: { name: string; position: bigint }): Promise<void>;
  /** How many events the named projection dead-lettered, and the first `limit` of them in log order. */
  deadLetters(name: string, limit: number): Promise<DeadLetterSummary>;
  /**
   * Optional: removes every row of a recipient's stream (status, restorations, dead letters) and the caches' copies,
   * so nothing of an erased address stays in the read model.
   */
  eraseRecipient?(streamId: string): Promise<void>;
  /** Removes every row, checkpoint and dead letter, for a rebuild from scratch. */
  reset(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class ReadModelUnavailableError extends Error {
  override readonly name = 'ReadModelUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A list query the store cannot run: a cursor it did not issue, a time that is not a date, a limit below one.
 * `field` names the offending filter field, so the caller can answer 400 naming it.
 */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
