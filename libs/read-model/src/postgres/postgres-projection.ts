import type { PoolClient } from 'pg';
import type { ProjectedEvent, RecipientStatusRow } from '../read-model-store';
import { ReadModelUnavailableError } from '../read-model-store';
import type { RestorationWrites } from '../projection-batch';
import { groupByStream, mergeRestorationChanges } from '../projection-batch';
import type { ProjectionOutput, RestorationChange } from '../recipient-status.projection';
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

/** A stream whose first row another writer keeps inserting first is retried this often before giving up. */
const MAX_ROUNDS = 5;

/**
 * Applies a batch and moves the checkpoint in one transaction. The rows of the batch's streams are locked
 * (`SELECT ... FOR UPDATE`, in stream order so two writers never wait on each other in a cycle) before projecting,
 * so concurrent writers for one stream apply one after the other and the projection's revision check makes the
 * second a no-op for what the first applied.
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
    await client.query('BEGIN');
    try {
      const changes = await this.projectRows(client, groupByStream(events));
      await this.writeRestorations(client, mergeRestorationChanges(changes));
      await client.query({
        name: 'rm_advance_checkpoint',
        text: this.sql.advanceCheckpoint,
        values: [checkpoint.name, checkpoint.position.toString()],
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * A stream without a row has nothing to lock. Its first row is inserted with ON CONFLICT DO NOTHING, which waits
   * for a concurrent writer inserting the same stream; when that writer won, the stream goes round again, now
   * locking the committed row and projecting onto it.
   */
  private async projectRows(client: PoolClient, streams: Map<string, ProjectedEvent[]>): Promise<RestorationChange[]> {
    const changes: RestorationChange[] = [];
    let pending = [...streams.keys()].sort(byteOrder);
    for (let round = 1; pending.length > 0; round++) {
      if (round > MAX_ROUNDS) {
        throw new ReadModelUnavailableError(`Concurrent writers kept creating the rows of ${pending.length} stream(s)`);
      }
      const locked = await client.query<StatusRecord>({
        name: 'rm_lock_rows',
        text: this.sql.lockRows,
        values: [pending],
      });
      const current = new Map(locked.rows.map((record) => [record.stream_id, toStatusRow(record)]));
      const outputs = new Map<string, ProjectionOutput>();
      for (const streamId of pending) {
        const output = projectRecipientEvents(current.get(streamId) ?? null, streams.get(streamId) ?? []);
        if (output !== null) {
          outputs.set(streamId, output);
        }
      }
      const rows = [...outputs.values()].map((output) => output.row);
      await this.updateRows(
        client,
        rows.filter((row) => current.has(row.streamId)),
      );
      const lost = await this.insertRows(
        client,
        rows.filter((row) => !current.has(row.streamId)),
      );
      for (const [streamId, output] of outputs) {
        if (!lost.has(streamId)) {
          changes.push(...output.restorations);
        }
      }
      pending = pending.filter((streamId) => lost.has(streamId));
    }
    return changes;
  }

  private async updateRows(client: PoolClient, rows: RecipientStatusRow[]): Promise<void> {
    if (rows.length > 0) {
      await client.query({ name: 'rm_update_rows', text: this.sql.updateRows, values: [jsonOf(rows, toStatusJson)] });
    }
  }

  /** Inserts in stream order (like the locks) and returns the streams another writer inserted first. */
  private async insertRows(client: PoolClient, rows: RecipientStatusRow[]): Promise<Set<string>> {
    if (rows.length === 0) {
      return new Set();
    }
    const inserted = await client.query<{ stream_id: string }>({
      name: 'rm_insert_rows',
      text: this.sql.insertRows,
      values: [jsonOf(rows, toStatusJson)],
    });
    const written = new Set(inserted.rows.map((record) => record.stream_id));
    return new Set(rows.map((row) => row.streamId).filter((streamId) => !written.has(streamId)));
  }

  private async writeRestorations(client: PoolClient, { upserts, endings }: RestorationWrites): Promise<void> {
    if (upserts.length > 0) {
      await client.query({
        name: 'rm_upsert_restorations',
        text: this.sql.upsertRestorations,
        values: [jsonOf(upserts, toRestorationJson)],
      });
    }
    if (endings.length > 0) {
      await client.query({
        name: 'rm_end_restorations',
        text: this.sql.endRestorations,
        values: [jsonOf(endings, toEndingJson)],
      });
    }
  }
}

function statementsFor(s: string) {
  const statusUpdates = STATUS_COLUMNS.split(', ')
    .filter((column) => column !== 'stream_id' && column !== 'address')
    .map((column) => `${column} = r.${column}`);
  const restorationUpdates = RESTORATION_COLUMNS.split(', ')
    .filter((column) => column !== 'restoration_id')
    .map((column) => `${column} = EXCLUDED.${column}`);
  return {
    lockRows: `SELECT ${STATUS_COLUMNS} FROM ${s}.recipient_status
               WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
    updateRows: `UPDATE ${s}.recipient_status AS t SET ${statusUpdates.join(', ')}
                 FROM jsonb_to_recordset($1::jsonb) AS r(${STATUS_RECORDSET}) WHERE t.stream_id = r.stream_id`,
    insertRows: `INSERT INTO ${s}.recipient_status (${STATUS_COLUMNS})
                 SELECT ${STATUS_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r(${STATUS_RECORDSET})
                 ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
    // Replaces the row, so a rebuild over leftovers (or a restoration reinstated by a re-evaluation) ends up exact.
    upsertRestorations: `INSERT INTO ${s}.restorations (${RESTORATION_COLUMNS})
                         SELECT ${RESTORATION_COLUMNS} FROM jsonb_to_recordset($1::jsonb) AS r(${RESTORATION_RECORDSET})
                         ON CONFLICT (restoration_id) DO UPDATE SET ${restorationUpdates.join(', ')}`,
    endRestorations: `UPDATE ${s}.restorations AS t
                      SET state = r.state, ended_at = r.ended_at, reverted_by = r.reverted_by, note = r.note
                      FROM jsonb_to_recordset($1::jsonb) AS r(${ENDING_RECORDSET})
                      WHERE t.restoration_id = r.restoration_id`,
    // Only forward: a redelivered or late batch never moves the checkpoint back.
    advanceCheckpoint: `INSERT INTO ${s}.projection_checkpoints AS c (name, position) VALUES ($1, $2::numeric)
                        ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()
                        WHERE c.position < EXCLUDED.position`,
  };
}

function jsonOf<T>(items: readonly T[], toJson: (item: T) => Record<string, unknown>): string {
  return JSON.stringify(items.map(toJson));
}

/** The order of COLLATE "C", which the lock query sorts by. */
function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
