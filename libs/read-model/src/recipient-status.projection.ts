import type { Policy, RecipientState, RecipientStatus, StatusView } from '@app/domain';
import { evolve, initialRecipientState, statusAt } from '@app/domain';
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
 * skipped, which makes redelivery harmless. Returns null when nothing was new. No policy comes in: the row keeps
 * what was recorded, and what it means under the policy in force is worked out when it is read.
 */
export function projectRecipientEvents(
  current: RecipientStatusRow | null,
  events: readonly ProjectedEvent[],
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
  return { row: rowFromState(streamId, state, revision, updatedAt), restorations };
}

export function rowFromState(
  streamId: string,
  state: RecipientState,
  streamRevision: number,
  updatedAt: string,
): RecipientStatusRow {
  const { standing } = state;
  return {
    streamId,
    address: state.address ?? '',
    standing: standing.kind,
    cause: standing.kind === 'suppressed' ? standing.cause : null,
    reason: standing.kind === 'suppressed' ? standing.reason : null,
    since: standing.kind === 'clear' ? null : standing.since,
    quarantineUntil: standing.kind === 'quarantined' ? standing.until : null,
    restored: state.restoration !== null,
    restorationId: state.restoration?.restorationId ?? null,
    streamRevision,
    policyVersion: standing.kind === 'clear' ? null : standing.policyVersion,
    updatedAt,
    state,
  };
}

/**
 * "May I send now?" for a row under the policy in force: the domain's own `statusAt` over the folded state, so the
 * run inside the window and the end of soft bouncing follow an adopted policy at once, with no rebuild.
 */
export function rowStatusAt(row: RecipientStatusRow | null, policy: Policy, now: number): StatusView {
  return row === null
    ? { status: 'deliverable', suppressed: false, restored: false }
    : statusAt(row.state, policy, now);
}

export function isSendable(status: RecipientStatus): boolean {
  return status === 'deliverable' || status === 'soft_bouncing';
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
