import type { RecipientState, Standing } from '@app/domain';
import type { Database, Statement } from 'better-sqlite3';
import type { RecipientStatusRow, RestorationRow } from '../read-model-store';
import type { RestorationEnding } from '../projection-batch';

/** The columns of `recipient_status` as stored: times in epoch milliseconds, booleans as 0/1, the state as JSON. */
export interface StatusRecord {
  stream_id: string;
  address: string;
  standing: string;
  cause: string | null;
  reason: string | null;
  since: number | null;
  quarantine_until: number | null;
  restored: number;
  restoration_id: string | null;
  stream_revision: number;
  policy_version: string | null;
  updated_at: number;
  state: string;
}

export interface RestorationRecord {
  restoration_id: string;
  stream_id: string;
  address: string;
  trigger_event_id: string;
  previous: string;
  state: string;
  restored_at: number;
  ended_at: number | null;
  reverted_by: string | null;
  note: string | null;
}

export const STATUS_COLUMNS =
  'stream_id, address, standing, cause, reason, since, quarantine_until, restored, restoration_id, ' +
  'stream_revision, policy_version, updated_at, state';

export const RESTORATION_COLUMNS =
  'restoration_id, stream_id, address, trigger_event_id, previous, state, restored_at, ended_at, reverted_by, note';

/** Bulk lookups bind this many addresses per statement, padding the last chunk with NULLs (which match nothing). */
export const LOOKUP_CHUNK_SIZES = [500, 20] as const;

export function toStatusRow(record: StatusRecord): RecipientStatusRow {
  return {
    streamId: record.stream_id,
    address: record.address,
    standing: record.standing as RecipientStatusRow['standing'],
    cause: record.cause as RecipientStatusRow['cause'],
    reason: record.reason,
    since: isoOrNull(record.since),
    quarantineUntil: isoOrNull(record.quarantine_until),
    restored: record.restored === 1,
    restorationId: record.restoration_id,
    streamRevision: record.stream_revision,
    policyVersion: record.policy_version,
    updatedAt: new Date(record.updated_at).toISOString(),
    state: JSON.parse(record.state) as RecipientState,
  };
}

export function toStatusRecord(row: RecipientStatusRow): StatusRecord {
  return {
    stream_id: row.streamId,
    address: row.address,
    standing: row.standing,
    cause: row.cause,
    reason: row.reason,
    since: msOrNull(row.since),
    quarantine_until: msOrNull(row.quarantineUntil),
    restored: row.restored ? 1 : 0,
    restoration_id: row.restorationId,
    stream_revision: row.streamRevision,
    policy_version: row.policyVersion,
    updated_at: Date.parse(row.updatedAt),
    state: JSON.stringify(row.state),
  };
}

export function toRestorationRow(record: RestorationRecord): RestorationRow {
  return {
    restorationId: record.restoration_id,
    streamId: record.stream_id,
    address: record.address,
    trigger: record.trigger_event_id,
    previous: JSON.parse(record.previous) as Standing,
    state: record.state as RestorationRow['state'],
    restoredAt: new Date(record.restored_at).toISOString(),
    endedAt: isoOrNull(record.ended_at),
    revertedBy: record.reverted_by,
    note: record.note,
  };
}

export function toRestorationRecord(row: RestorationRow): RestorationRecord {
  return {
    restoration_id: row.restorationId,
    stream_id: row.streamId,
    address: row.address,
    trigger_event_id: row.trigger,
    previous: JSON.stringify(row.previous),
    state: row.state,
    restored_at: Date.parse(row.restoredAt),
    ended_at: msOrNull(row.endedAt),
    reverted_by: row.revertedBy,
    note: row.note,
  };
}

/** Every fixed statement of the adapter, prepared once when the read model is created. */
export function prepareStatements(db: Database) {
  const statusValues = STATUS_COLUMNS.split(', ').map((column) => `@${column}`);
  const restorationValues = RESTORATION_COLUMNS.split(', ').map((column) => `@${column}`);
  const changedStatus = STATUS_COLUMNS.split(', ').filter((column) => column !== 'stream_id' && column !== 'address');
  return {
    statusByStream: db.prepare<[string], StatusRecord>(
      `SELECT ${STATUS_COLUMNS} FROM recipient_status WHERE stream_id = ?`,
    ),
    statusByAddress: db.prepare<[string], StatusRecord>(
      `SELECT ${STATUS_COLUMNS} FROM recipient_status WHERE address = ? LIMIT 1`,
    ),
    statusByAddresses: new Map<number, Statement<(string | null)[], StatusRecord>>(
      LOOKUP_CHUNK_SIZES.map((size) => [
        size,
        db.prepare<(string | null)[], StatusRecord>(
          `SELECT ${STATUS_COLUMNS} FROM recipient_status WHERE address IN (${new Array(size).fill('?').join(', ')})`,
        ),
      ]),
    ),
    insertStatus: db.prepare<[StatusRecord]>(
      `INSERT INTO recipient_status (${STATUS_COLUMNS}) VALUES (${statusValues.join(', ')})`,
    ),
    // A stream keeps its address, so an update leaves the key columns (and the address index) alone.
    updateStatus: db.prepare<[StatusRecord]>(
      `UPDATE recipient_status SET ${changedStatus.map((column) => `${column} = @${column}`).join(', ')}
       WHERE stream_id = @stream_id`,
    ),
    restorationById: db.prepare<[string], RestorationRecord>(
      `SELECT ${RESTORATION_COLUMNS} FROM restorations WHERE restoration_id = ?`,
    ),
    // Replaces the row, so a rebuild over leftovers (or a restoration reinstated by a re-evaluation) ends up exact.
    upsertRestoration: db.prepare<[RestorationRecord]>(
      `INSERT OR REPLACE INTO restorations (${RESTORATION_COLUMNS}) VALUES (${restorationValues.join(', ')})`,
    ),
    endRestoration: db.prepare<[EndingRecord]>(
      `UPDATE restorations SET state = @state, ended_at = @ended_at, reverted_by = @reverted_by, note = @note
       WHERE restoration_id = @restoration_id`,
    ),
    checkpoint: db
      .prepare<[string], bigint>('SELECT position FROM projection_checkpoints WHERE name = ?')
      .pluck()
      .safeIntegers(true),
    // Only forward: a redelivered or late batch never moves the checkpoint back.
    advanceCheckpoint: db.prepare<[string, bigint]>(
      `INSERT INTO projection_checkpoints (name, position) VALUES (?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE excluded.position > projection_checkpoints.position`,
    ),
    // A redelivered dead letter keeps the first record of it.
    insertDeadLetter: db.prepare<[string, bigint, string, string, string, string]>(
      `INSERT INTO projection_dead_letters (name, position, stream_id, event_type, error, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name, position) DO NOTHING`,
    ),
    countDeadLetters: db
      .prepare<[string], number>('SELECT count(*) FROM projection_dead_letters WHERE name = ?')
      .pluck(),
    firstDeadLetters: db
      .prepare<[string, number], DeadLetterRecord>(
        `SELECT position, stream_id, event_type, error FROM projection_dead_letters WHERE name = ?
         ORDER BY position LIMIT ?`,
      )
      .safeIntegers(true),
    deleteDeadLetters: db.prepare('DELETE FROM projection_dead_letters'),
    deleteStatuses: db.prepare('DELETE FROM recipient_status'),
    deleteRestorations: db.prepare('DELETE FROM restorations'),
    deleteCheckpoints: db.prepare('DELETE FROM projection_checkpoints'),
    // Changes when another connection commits to the file: the signal to drop cached rows.
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    ping: db.prepare<[], number>('SELECT 1').pluck(),
  };
}

export type SqliteStatements = ReturnType<typeof prepareStatements>;

export interface DeadLetterRecord {
  position: bigint;
  stream_id: string;
  event_type: string;
  error: string;
}

interface EndingRecord {
  restoration_id: string;
  state: string;
  ended_at: number;
  reverted_by: string | null;
  note: string | null;
}

export function toEndingRecord(ending: RestorationEnding): EndingRecord {
  return {
    restoration_id: ending.restorationId,
    state: ending.state,
    ended_at: Date.parse(ending.endedAt),
    reverted_by: ending.revertedBy,
    note: ending.note,
  };
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function msOrNull(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}
