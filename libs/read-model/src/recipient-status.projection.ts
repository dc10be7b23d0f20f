import type { Policy, RecipientState, RecipientStatus, StatusView } from '@app/domain';
import { evolve, initialRecipientState, softBounceRun, softBouncingUntil } from '@app/domain';
import type { ProjectedEvent, RecipientStatusRow, RestorationRow } from './read-model-store';

export type RestorationChange =
  | { kind: 'opened'; row: RestorationRow }
  | {
      kind: 'ended';
      restorationId: string;
      state: 'reverted' | 'superseded';
      endedAt: string;
      revertedBy: string | null;
      note: string | null;
    };

export interface ProjectionOutput {
  row: RecipientStatusRow;
  restorations: RestorationChange[];
}

/**
 * Folds one stream's new events onto its row. Events at or below the row's revision were applied before and are
 * skipped, which makes redelivery harmless. Returns null when nothing was new.
 */
export function projectRecipientEvents(
  current: RecipientStatusRow | null,
  events: readonly ProjectedEvent[],
  policy: Policy,
): ProjectionOutput | null {
  let state = current?.state ?? initialRecipientState();
  let revision = current?.streamRevision ?? -1;
  const restorations: RestorationChange[] = [];
  let streamId = current?.streamId;
  for (const { event, revision: eventRevision, streamId: eventStream } of events) {
    if (eventRevision <= revision) {
      continue;
    }
    const next = evolve(state, event);
    restorations.push(...restorationChanges(state, next, eventStream, event.recordedAt, event));
    state = next;
    revision = eventRevision;
    streamId = eventStream;
  }
  if (streamId === undefined || revision === (current?.streamRevision ?? -1)) {
    return null;
  }
  const updatedAt = events[events.length - 1]?.event.recordedAt ?? new Date(0).toISOString();
  return { row: rowFromState(streamId, state, revision, policy, updatedAt), restorations };
}

export function rowFromState(
  streamId: string,
  state: RecipientState,
  streamRevision: number,
  policy: Policy,
  updatedAt: string,
): RecipientStatusRow {
  const { standing } = state;
  const run = softBounceRun(state, policy);
  const softUntil = softBouncingUntil(run, policy);
  return {
    streamId,
    address: state.address ?? '',
    standing: standing.kind,
    cause: standing.kind === 'suppressed' ? standing.cause : null,
    reason: standing.kind === 'suppressed' ? standing.reason : null,
    since: standing.kind === 'clear' ? null : standing.since,
    quarantineUntil: standing.kind === 'quarantined' ? standing.until : null,
    softBouncingUntil: softUntil === undefined ? null : new Date(softUntil).toISOString(),
    runLength: run.length,
    restored: state.restoration !== null,
    restorationId: state.restoration?.restorationId ?? null,
    streamRevision,
    policyVersion: standing.kind === 'clear' ? null : standing.policyVersion,
    updatedAt,
    state,
  };
}

/** The same answer as the domain's `statusAt`, from the row's columns alone. */
export function rowStatusAt(row: RecipientStatusRow | null, now: number): StatusView {
  if (row === null) {
    return { status: 'deliverable', suppressed: false, restored: false };
  }
  const restored = row.restored;
  if (row.standing === 'suppressed') {
    const view: StatusView = { status: 'suppressed', suppressed: true, restored };
    return withDefined(view, { cause: row.cause, reason: row.reason, since: row.since });
  }
  if (row.standing === 'quarantined' && row.quarantineUntil !== null && Date.parse(row.quarantineUntil) > now) {
    return withDefined(
      { status: 'quarantined', suppressed: true, restored },
      { since: row.since, until: row.quarantineUntil },
    );
  }
  if (row.softBouncingUntil !== null && Date.parse(row.softBouncingUntil) > now) {
    return { status: 'soft_bouncing', suppressed: false, restored, until: row.softBouncingUntil };
  }
  return { status: 'deliverable', suppressed: false, restored };
}

export function isSendable(status: RecipientStatus): boolean {
  return status === 'deliverable' || status === 'soft_bouncing';
}

function withDefined(view: StatusView, extra: Partial<Record<keyof StatusView, unknown>>): StatusView {
  const result: Record<string, unknown> = { ...view };
  for (const [key, value] of Object.entries(extra)) {
    if (value !== null && value !== undefined) {
      result[key] = value;
    }
  }
  return result as unknown as StatusView;
}

function restorationChanges(
  before: RecipientState,
  after: RecipientState,
  streamId: string,
  at: string,
  event: ProjectedEvent['event'],
): RestorationChange[] {
  const changes: RestorationChange[] = [];
  for (const [restorationId, outcome] of Object.entries(after.restorations)) {
    const previous = before.restorations[restorationId];
    if (previous === outcome) {
      continue;
    }
    if (outcome === 'active' && after.restoration !== null) {
      const { trigger, previous: standing } = after.restoration;
      changes.push({
        kind: 'opened',
        row: {
          restorationId,
          streamId,
          address: after.address ?? '',
          trigger,
          previous: standing,
          state: 'active',
          restoredAt: at,
          endedAt: null,
          revertedBy: null,
          note: null,
        },
      });
    } else if (outcome !== 'active') {
      const reverted = event.type === 'RestorationReverted' ? event.data : null;
      changes.push({
        kind: 'ended',
        restorationId,
        state: outcome,
        endedAt: at,
        revertedBy: reverted?.by ?? null,
        note: reverted?.note ?? null,
      });
    }
  }
  return changes;
}
