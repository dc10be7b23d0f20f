import type { PoolClient, QueryResult } from 'pg';
import type { ProjectedEvent, RecipientStatusRow } from '../read-model-store';
import { ReadModelUnavailableError } from '../read-model-store';
import type { RestorationWrites } from '../projection-batch';
import { groupByStream, mergeRestorationChanges } from '../projection-batch';
import type { RestorationChange } from '../recipient-status.projection';
import { projectRecipientEvents } from '../recipient-status.projection';
import type { StatusRecord } from './postgres-rows';
import {
  ENDING_RECORDSET,
  RESTORATION_COLUMNS,
  RESTORATION_RECORDSET,
  STATUS_COLUMNS,
  STATUS_RECORDSET,
  toEndingJson,
  toRestorationJson,
  toStatusJson,
  toStatusRow,
} from './postgres-rows';

/** A batch whose new rows another writer keeps inserting first is retried this often before giving up. */
const MAX_ROUNDS = 5;

/** The rows a batch writes, each kind as one JSON recordset parameter. */
interface BatchWrites {
  updates: RecipientStatusRow[];
  inserts: RecipientStatusRow[];
  restorations: RestorationWrites;
}

/**
 * Applies a batch and moves the checkpoint in one transaction of three round trips, whatever the batch's size:
 * `BEGIN` with the lock of the batch's rows (`SELECT ... FOR UPDATE`, in stream order so two writers never wait on
 * each other in a cycle), one statement writing every row, restoration and the checkpoint, and `COMMIT`. Concurrent
 * writers for one stream therefore apply one after the other and the projection's revision check makes the second a
 * no-op for what the first applied. A stream without a row has nothing to lock: when another writer inserted its
 * first row meanwhile, the transaction is rolled back and the batch goes round again, now locking that row.
 */
export class PostgresProjection {
  private readonly sql: ReturnType<typeof statementsFor>;

  constructor(schema: string) {
    this.sql = statementsFor(schema);
  }

  async run(
    client: PoolClient,
    events: readonly ProjectedEvent[],
    checkpoint: { name: string; position: bigint },
  ): Promise<void> {
    const checkpointValues = [checkpoint.name, checkpoint.position.toString()];
    if (events.length === 0) {
      await client.query({ name: 'rm_advance_checkpoint', text: this.sql.advanceCheckpoint, values: checkpointValues });
      return;
    }
    const streams = groupByStream(events);
    const streamIds = [...streams.keys()].sort(byteOrder);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      try {
        const current = await this.beginLocking(client, streamIds);
        const writes = projectedWrites(streams, current);
        const written = await client.query<{ inserted: string }>({
          name: 'rm_write_batch',
          text: this.sql.writeBatch,
          values: [
            jsonOf(writes.updates, toStatusJson),
            jsonOf(writes.inserts, toStatusJson),
            jsonOf(writes.restorations.upserts, toRestorationJson),
            jsonOf(writes.restorations.endings, toEndingJson),
            ...checkpointValues,
          ],
        });
        if (Number(written.rows[0]?.inserted ?? 0) === writes.inserts.length) {
          await client.query('COMMIT');
          return;
        }
        await client.query('ROLLBACK');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    }
    throw new ReadModelUnavailableError(`Concurrent writers kept creating the rows of a batch of ${events.length}`);
  }

  /** One round trip: the transaction starts and the batch's existing rows are locked and read. */
  private async beginLocking(
    client: PoolClient,
    streamIds: readonly string[],
  ): Promise<Map<string, RecipientStatusRow>> {
    // Several statements in one query take no parameters: the ids travel as one escaped JSON literal. The commit
    // need not wait for its WAL flush: a crash can lose only whole recent transactions, rows with their checkpoint,
    // and the projector applies those events again from the log.
    const results = (await client.query(
      `BEGIN; SET LOCAL synchronous_commit = off; ${this.sql.lockRows(client.escapeLiteral(JSON.stringify(streamIds)))}`,
    )) as unknown as QueryResult<StatusRecord>[];
    const locked = results[results.length - 1]?.rows ?? [];
    return new Map(locked.map((record) => [record.stream_id, toStatusRow(record)]));
  }
}

/** What the batch changes, projected onto the rows as they are now. */
function projectedWrites(
  streams: Map<string, ProjectedEvent[]>,
  current: Map<string, RecipientStatusRow>,
): BatchWrites {
  const updates: RecipientStatusRow[] = [];
  const inserts: RecipientStatusRow[] = [];
  const changes: RestorationChange[] = [];
  for (const [streamId, events] of streams) {
    const output = projectRecipientEvents(current.get(streamId) ?? null, events);
    if (output !== null) {
      (current.has(streamId) ? updates : inserts).push(output.row);
      changes.push(...output.restorations);
    }
  }
  // Inserted in stream order, like the locks.
  inserts.sort((a, b) => byteOrder(a.streamId, b.streamId));
  return { updates, inserts, restorations: mergeRestorationChanges(changes) };
}

function statementsFor(s: string) {
  const statusUpdates = STATUS_COLUMNS.split(', ')
    .filter((column) => column !== 'stream_id' && column !== 'address')
    .map((column) => `${column} = r.${column}`);
  const restorationUpdates = RESTORATION_COLUMNS.split(', ')
    .filter((column) => column !== 'restoration_id')
    .map((column) => `${column} = EXCLUDED.${column}`);
  const statusRecords = `jsonb_to_recordset($1::jsonb) AS r(${STATUS_RECORDSET})`;
  return {
    lockRows: (streamIdsJson: string) =>
      `SELECT ${STATUS_COLUMNS} FROM ${s}.recipient_status
       WHERE stream_id IN (SELECT jsonb_array_elements_text(${streamIdsJson}::jsonb))
       ORDER BY stream_id FOR UPDATE`,
    // Every write of a batch in one statement. Each table is written by one part only (a restoration is either
    // upserted or ended, never both), so the parts never see each other's changes. It answers how many new rows it
    // inserted: fewer than given means another writer created some first.
    writeBatch: `WITH updated AS (
                   UPDATE ${s}.recipient_status AS t SET ${statusUpdates.join(', ')}
                   FROM ${statusRecords} WHERE t.stream_id = r.stream_id
                 ), inserted AS (
                   INSERT INTO ${s}.recipient_status (${STATUS_COLUMNS})
                   SELECT ${STATUS_COLUMNS} FROM jsonb_to_recordset($2::jsonb) AS r(${STATUS_RECORDSET})
                   ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id
                 ), upserted_restorations AS (
                   INSERT INTO ${s}.restorations (${RESTORATION_COLUMNS})
                   SELECT ${RESTORATION_COLUMNS} FROM jsonb_to_recordset($3::jsonb) AS r(${RESTORATION_RECORDSET})
                   ON CONFLICT (restoration_id) DO UPDATE SET ${restorationUpdates.join(', ')}
                 ), ended_restorations AS (
                   UPDATE ${s}.restorations AS t
                   SET state = r.state, ended_at = r.ended_at, reverted_by = r.reverted_by, note = r.note
                   FROM jsonb_to_recordset($4::jsonb) AS r(${ENDING_RECORDSET})
                   WHERE t.restoration_id = r.restoration_id
                 ), checkpoint AS (
                   ${advanceCheckpoint('$5', '$6')}
                 )
                 SELECT count(*)::text AS inserted FROM inserted`,
    advanceCheckpoint: advanceCheckpoint('$1', '$2'),
  };

  // Only forward: a redelivered or late batch never moves the checkpoint back.
  function advanceCheckpoint(name: string, position: string): string {
    return `INSERT INTO ${s}.projection_checkpoints AS c (name, position) VALUES (${name}, ${position}::numeric)
            ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
            WHERE c.position < EXCLUDED.position`;
  }
}

function jsonOf<T>(items: readonly T[], toJson: (item: T) => Record<string, unknown>): string {
  return JSON.stringify(items.map(toJson));
}

/** The order of COLLATE "C", which the lock query sorts by. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
