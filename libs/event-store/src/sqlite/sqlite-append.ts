import type { Database } from 'better-sqlite3';
import type { AppendResult, EventToAppend, ExpectedRevision, RecordedEvent } from '../event-store';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '../event-store';
import { metadataWithTrace, traceOf } from '../event-trace';
import type { Outcome } from './group-commit';
import { translateSqliteError } from './sqlite-errors';
import { serialiseMetadata } from './sqlite-rows';

/** What an inline projection gets: the connection, inside the append's transaction (a savepoint of the group's). */
export interface SqliteTransactionContext {
  /** The event store's own connection; writes to other tables of the file commit or roll back with the append. */
  db: Database;
}

/**
 * Runs synchronously inside the append's transaction with the events just written, so a resolved append means its
 * projection is committed too. Throwing fails that append alone, with the thrown error, and nothing of it (events or
 * projection rows) is written. Not called for an idempotent re-append, which writes nothing.
 */
export type InlineProjection = (tx: SqliteTransactionContext, events: RecordedEvent[]) => void;

export interface AppendRequest {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
}

export interface GroupResult {
  outcomes: Outcome<AppendResult>[];
  /** Events written by the group's successful appends: 0 when the commit wrote (and synced) nothing. */
  written: number;
}

interface Appended {
  result: AppendResult;
  written: number;
}

interface ExistingEvent {
  streamId: string;
  revision: bigint;
  position: bigint;
}

/**
 * Builds the function that commits a group of appends in one `BEGIN IMMEDIATE` transaction. Each append runs in its
 * own savepoint, checked against the stream as the earlier appends of the group left it, so appends to one stream
 * within a group behave exactly as if they had been committed one after another.
 */
export function createGroupAppender(
  db: Database,
  inlineProjection?: InlineProjection,
): (group: AppendRequest[]) => GroupResult {
  // Seeks to the stream's last entry in the UNIQUE(stream_id, stream_revision) index, however long the stream.
  const lastRevisionOf = db
    .prepare<[string], number>(
      'SELECT stream_revision FROM events WHERE stream_id = ? ORDER BY stream_revision DESC LIMIT 1',
    )
    .pluck();
  const findEvent = db
    .prepare<[string], ExistingEvent>(
      `SELECT stream_id AS streamId, stream_revision AS revision, global_position AS position
       FROM events WHERE event_id = ?`,
    )
    .safeIntegers(true);
  const insert = db
    .prepare<[string, number, string, string, string, string | null, string]>(
      `INSERT INTO events (stream_id, stream_revision, event_id, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .safeIntegers(true);

  function appendOne({ streamId, events, expected }: AppendRequest, recordedAt: string): Appended {
    const current = lastRevisionOf.get(streamId);
    const existing = events.map((event) => findEvent.get(event.eventId));
    if (existing.some((found) => found !== undefined)) {
      return { result: earlierAppend(streamId, events, expected, existing, current), written: 0 };
    }
    if ((expected === 'no_stream' && current !== undefined) || (typeof expected === 'number' && current !== expected)) {
      throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
    }
    const first = (current ?? -1) + 1;
    const recorded = events.map((event, index): RecordedEvent => {
      const revision = first + index;
      const metadata = serialiseMetadata(metadataWithTrace(event));
      const info = insert.run(
        streamId,
        revision,
        event.eventId,
        event.type,
        JSON.stringify(event.data),
        metadata,
        recordedAt,
      );
      return {
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
        ...traceOf(event),
        streamId,
        revision,
        position: BigInt(info.lastInsertRowid),
        recordedAt,
      };
    });
    inlineProjection?.({ db }, recorded);
    const last = recorded[recorded.length - 1];
    if (last === undefined) {
      throw new RangeError(`An append to ${streamId} needs at least one event`);
    }
    return { result: { nextExpectedRevision: last.revision, position: last.position }, written: recorded.length };
  }

  const appendInSavepoint = db.transaction(appendOne);

  const commitGroup = db.transaction((group: AppendRequest[], recordedAt: string): GroupResult => {
    let written = 0;
    const outcomes = group.map((request): Outcome<AppendResult> => {
      try {
        const appended = appendInSavepoint(request, recordedAt);
        written += appended.written;
        return { ok: true, value: appended.result };
      } catch (error) {
        if (!db.inTransaction) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the earlier appends are gone too.
          throw error;
        }
        return { ok: false, error: translateSqliteError(error) };
      }
    });
    return { outcomes, written };
  });

  return (group) => commitGroup.immediate(group, new Date().toISOString());
}

/**
 * Some ids are already recorded: this is a retry of an append that succeeded, or a conflict. It is a retry only when
 * every id sits in this stream, in order, at the revisions right after `expected` (for `any`, wherever the first is).
 */
function earlierAppend(
  streamId: string,
  events: EventToAppend[],
  expected: ExpectedRevision,
  existing: (ExistingEvent | undefined)[],
  current: number | undefined,
): AppendResult {
  const elsewhere = existing.findIndex((found) => found !== undefined && found.streamId !== streamId);
  if (elsewhere >= 0) {
    throw new DuplicateEventIdError(events[elsewhere]?.eventId ?? '', {
      appendedTo: streamId,
      recordedIn: existing[elsewhere]?.streamId ?? '',
    });
  }
  const start = expected === 'no_stream' ? 0 : expected === 'any' ? Number(existing[0]?.revision ?? -1) : expected + 1;
  const retried = existing.every((found, index) => found !== undefined && Number(found.revision) === start + index);
  const last = existing.at(-1);
  if (!retried || last === undefined) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
  return { nextExpectedRevision: Number(last.revision), position: last.position, alreadyRecorded: true };
}
