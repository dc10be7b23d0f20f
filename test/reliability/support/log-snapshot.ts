import { RECIPIENT_STREAM_PREFIX, STORE_METADATA_STREAM } from '@app/event-store';
import { openEmbeddedDatabase } from '@app/recipients';

/** One row of the embedded event log, with its data parsed. */
export interface LoggedEvent {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
}

/**
 * The events of recipient streams only: the service's own streams (access tokens, the do-not-send list) left out, and
 * the store's metadata stream, whose name shares the recipients' prefix (on EventStoreDB it is a stream of the log).
 */
export function recipientEventsOf(log: readonly LoggedEvent[]): LoggedEvent[] {
  return log.filter(
    (event) => event.streamId.startsWith(RECIPIENT_STREAM_PREFIX) && event.streamId !== STORE_METADATA_STREAM,
  );
}

/** The whole event log of an embedded DATA_DIR in log order, read through a read-only connection. */
export function readEventLog(dataDir: string): LoggedEvent[] {
  const db = openEmbeddedDatabase(dataDir, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT global_position AS position, stream_id AS streamId, stream_revision AS revision,
                event_id AS eventId, type, data
         FROM events ORDER BY global_position`,
      )
      .all() as (Omit<LoggedEvent, 'data'> & { data: string })[];
    return rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

/** How many times each event id occurs in the log. */
export function occurrences(log: readonly LoggedEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of log) {
    counts.set(event.eventId, (counts.get(event.eventId) ?? 0) + 1);
  }
  return counts;
}

/** Streams whose revisions, in log order, are not exactly 0, 1, 2, ...: a lost or doubled append would show here. */
export function revisionGaps(log: readonly LoggedEvent[]): string[] {
  const nextRevision = new Map<string, number>();
  const problems: string[] = [];
  for (const event of log) {
    const expected = nextRevision.get(event.streamId) ?? 0;
    if (event.revision !== expected) {
      problems.push(`${event.streamId} has revision ${event.revision} where ${expected} was due`);
    }
    nextRevision.set(event.streamId, event.revision + 1);
  }
  return problems;
}

/** Each stream's events in revision order, keyed by the address in their data. */
export function eventsByAddress(log: readonly LoggedEvent[]): Map<string, LoggedEvent[]> {
  const streams = new Map<string, LoggedEvent[]>();
  for (const event of log) {
    const address = String(event.data.address);
    const stream = streams.get(address) ?? [];
    stream.push(event);
    streams.set(address, stream);
  }
  return streams;
}
