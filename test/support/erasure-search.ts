import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

/** Where erasure specs look for an address's bytes after an erasure: files, PostgreSQL tables, an event log. */

/** The forms an address's bytes can take in storage: as written, lower-cased, upper-cased, percent-encoded. */
export function formsOf(address: string): Buffer[] {
  const forms = [address, address.toLowerCase(), address.toUpperCase(), encodeURIComponent(address)];
  return [...new Set(forms)].map((form) => Buffer.from(form, 'utf8'));
}

export function holdsAnyForm(bytes: Uint8Array, address: string): boolean {
  const buffer = Buffer.from(bytes);
  return formsOf(address).some((needle) => buffer.includes(needle));
}

export function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Every file under the folder (databases, their WAL and shared memory, the replay projection) holding the bytes. */
export function filesHolding(directory: string, address: string): string[] {
  return filesUnder(directory).filter((path) => holdsAnyForm(readFileSync(path), address));
}

/** Every table of the schema with a row whose text holds the address in any of its forms. */
export async function postgresTablesHolding(
  connectionString: string,
  schema: string,
  address: string,
): Promise<string[]> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const forms = formsOf(address).map((form) => form.toString('utf8'));
    const holding: string[] = [];
    for (const { name } of tables.rows) {
      const found = await client.query(
        `SELECT 1 FROM "${schema}"."${name}" AS t WHERE t::text ILIKE ANY($1::text[]) LIMIT 1`,
        [forms.map((form) => `%${form}%`)],
      );
      if (found.rowCount !== 0) {
        holding.push(name);
      }
    }
    return holding;
  } finally {
    await client.end();
  }
}
