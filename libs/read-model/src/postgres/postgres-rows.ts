import type { RecipientState, Standing } from '@app/domain';
import type { RecipientStatusRow, RestorationRow } from '../read-model-store';
import type { RestorationEnding } from '../projection-batch';

/** A `recipient_status` row as pg returns it: timestamptz as Date, bigint as string, jsonb parsed. */
export interface StatusRecord {
  stream_id: string;
  address: string;
  standing: string;
  cause: string | null;
  reason: string | null;
  since: Date | null;
  quarantine_until: Date | null;
  restored: boolean;
  restoration_id: string | null;
  stream_revision: string;
  policy_version: string | null;
  updated_at: Date;
  state: RecipientState;
}

export interface RestorationRecord {
  restoration_id: string;
  stream_id: string;
  address: string;
  trigger_event_id: string;
  previous: Standing;
  state: string;
  restored_at: Date;
  ended_at: Date | null;
  reverted_by: string | null;
  note: string | null;
}

/**
 * Column definitions for `jsonb_to_recordset`: a whole batch of rows travels as one JSON parameter and is written by
 * one set-based statement, whatever its size.
 */
export const STATUS_RECORDSET =
  'stream_id text, address text, standing text, cause text, reason text, since timestamptz, ' +
  'quarantine_until timestamptz, restored boolean, restoration_id text, stream_revision bigint, ' +
  'policy_version text, updated_at timestamptz, state jsonb';

export const RESTORATION_RECORDSET =
  'restoration_id text, stream_id text, address text, trigger_event_id text, previous jsonb, state text, ' +
  'restored_at timestamptz, ended_at timestamptz, reverted_by text, note text';

export const ENDING_RECORDSET = 'restoration_id text, state text, ended_at timestamptz, reverted_by text, note text';

export const STATUS_COLUMNS = columnsOf(STATUS_RECORDSET);
export const RESTORATION_COLUMNS = columnsOf(RESTORATION_RECORDSET);

export function toStatusRow(record: StatusRecord): RecipientStatusRow {
  return {
    streamId: record.stream_id,
    address: record.address,
    standing: record.standing as RecipientStatusRow['standing'],
    cause: record.cause as RecipientStatusRow['cause'],
    reason: record.reason,
    since: isoOrNull(record.since),
    quarantineUntil: isoOrNull(record.quarantine_until),
    restored: record.restored,
    restorationId: record.restoration_id,
    streamRevision: Number(record.stream_revision),
    policyVersion: record.policy_version,
    updatedAt: record.updated_at.toISOString(),
    state: record.state,
  };
}

/** The JSON form of a row for the recordset parameter (times as ISO text, which PostgreSQL casts). */
export function toStatusJson(row: RecipientStatusRow): Record<string, unknown> {
  return {
    stream_id: row.streamId,
    address: row.address,
    standing: row.standing,
    cause: row.cause,
    reason: row.reason,
    since: row.since,
    quarantine_until: row.quarantineUntil,
    restored: row.restored,
    restoration_id: row.restorationId,
    stream_revision: row.streamRevision,
    policy_version: row.policyVersion,
    updated_at: row.updatedAt,
    state: row.state,
  };
}

export function toRestorationRow(record: RestorationRecord): RestorationRow {
  return {
    restorationId: record.restoration_id,
    streamId: record.stream_id,
    address: record.address,
    trigger: record.trigger_event_id,
    previous: record.previous,
    state: record.state as RestorationRow['state'],
    restoredAt: record.restored_at.toISOString(),
    endedAt: isoOrNull(record.ended_at),
    revertedBy: record.reverted_by,
    note: record.note,
  };
}

export function toRestorationJson(row: RestorationRow): Record<string, unknown> {
  return {
    restoration_id: row.restorationId,
    stream_id: row.streamId,
    address: row.address,
    trigger_event_id: row.trigger,
    previous: row.previous,
    state: row.state,
    restored_at: row.restoredAt,
    ended_at: row.endedAt,
    reverted_by: row.revertedBy,
    note: row.note,
  };
}

export function toEndingJson(ending: RestorationEnding): Record<string, unknown> {
  return {
    restoration_id: ending.restorationId,
    state: ending.state,
    ended_at: ending.endedAt,
    reverted_by: ending.revertedBy,
    note: ending.note,
  };
}

function columnsOf(recordset: string): string {
  return recordset
    .split(', ')
    .map((definition) => definition.split(' ')[0])
    .join(', ');
}

function isoOrNull(date: Date | null): string | null {
  return date === null ? null : date.toISOString();
}
