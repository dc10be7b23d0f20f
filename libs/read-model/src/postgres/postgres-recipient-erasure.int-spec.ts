import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropPostgresSchemas } from '../testing/postgres-schemas';
import { describeRecipientErasureContract } from '../testing/recipient-erasure.contract';
import { createPostgresReadModel } from './postgres-read-model';

const DATABASE_URL = process.env.DATABASE_URL;

if (DATABASE_URL === undefined || DATABASE_URL === '') {
  describe.skip('PostgreSQL read model erasure (skipped: DATABASE_URL is not set)', () => {
    it('erases a recipient', () => undefined);
  });
} else {
  describeErasure(DATABASE_URL);
}

function describeErasure(connectionString: string): void {
  describeRecipientErasureContract('PostgreSQL', async () => {
    const schema = `rm_erasure_${randomBytes(6).toString('hex')}`;
    const store = await createPostgresReadModel({ connectionString, schema, poolSize: 2 });
    return {
      store,
      // Every row of every table of the schema, as text.
      leftovers: async (text: string) => {
        const client = new Client({ connectionString });
        await client.connect();
        try {
          const tables = await client.query<{ name: string }>(
            'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
            [schema],
          );
          const holding: string[] = [];
          for (const { name } of tables.rows) {
            const found = await client.query(
              `SELECT 1 FROM "${schema}"."${name}" AS t WHERE position($1 IN t::text) > 0 LIMIT 1`,
              [text],
            );
            if (found.rowCount !== 0) {
              holding.push(name);
            }
          }
          return holding;
        } finally {
          await client.end();
        }
      },
      dispose: async () => {
        await store.close();
        await dropPostgresSchemas(connectionString, [schema]);
      },
    };
  });
}
