import type { Pool } from 'pg';

/**
 * Deletes a recipient's rows (its status, its restorations, the dead letters of its stream) in one transaction.
 * PostgreSQL keeps dead tuples until a vacuum; the erasure vacuums the three tables so their pages no longer hold them.
 */
export async function erasePostgresRecipientRows(pool: Pool, schema: string, streamId: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      for (const table of ['recipient_status', 'restorations', 'projection_dead_letters']) {
        await client.query(`DELETE FROM ${schema}.${table} WHERE stream_id = $1`, [streamId]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    await client.query(`VACUUM ${schema}.recipient_status, ${schema}.restorations, ${schema}.projection_dead_letters`);
  } finally {
    client.release();
  }
}
