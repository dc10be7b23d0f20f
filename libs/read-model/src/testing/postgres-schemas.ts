import { Client } from 'pg';
import { quotedSchema } from '../postgres/postgres-schema';

/** Testing aid: drops the schemas a test worked in, with everything in them, over a connection of its own. */
export async function dropPostgresSchemas(connectionString: string, schemas: readonly string[]): Promise<void> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(`DROP SCHEMA IF EXISTS ${quotedSchema(schema)} CASCADE`);
    }
  } finally {
    await client.end();
  }
}
