import Database from 'better-sqlite3';
import { Client } from 'pg';
import { quotedSchema } from '../postgres/postgres-schema';

/** Every row of the read model's tables, by table name, in a stable order: two builds of it compare equal. */
export type ReadModelRows = Record<string, unknown[]>;

/** The read model's tables (the same in both adapters), each with the key that orders its rows. */
const TABLES = [
  { table: 'recipient_status', key: 'stream_id' },
  { table: 'restorations', key: 'restoration_id' },
  { table: 'projection_checkpoints', key: 'name' },
] as const;

/**
 * Testing aid: the rows of the SQLite read model in the file at `path` (which may also hold the log), read over a
 * read-only connection of its own, so a running service may keep the file open.
 */
export function sqliteReadModelRows(path: string): ReadModelRows {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(
      TABLES.map(({ table, key }) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all()]),
    );
  } finally {
    db.close();
  }
}

/**
 * Testing aid: the rows of the PostgreSQL read model in `schema`, over a connection of its own. Positions are read as
 * text, as the adapter does, since they may exceed a JavaScript number.
 */
export async function postgresReadModelRows(connectionString: string, schema: string): Promise<ReadModelRows> {
  const quoted = quotedSchema(schema);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const rows: ReadModelRows = {};
    for (const { table, key } of TABLES) {
      const columns = table === 'projection_checkpoints' ? 'name, position::text AS position' : '*';
      rows[table] = (await client.query(`SELECT ${columns} FROM ${quoted}.${table} ORDER BY ${key}`)).rows as unknown[];
    }
    return rows;
  } finally {
    await client.end();
  }
}
