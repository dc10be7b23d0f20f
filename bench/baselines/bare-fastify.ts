import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { openSqliteFile } from '@app/event-store';

/**
 * The naive ceilings the service is compared with: a bare Fastify route doing one durable SQLite append per request
 * (one transaction, one fsync each) and one doing a single primary-key lookup. Same machine, same run.
 */
async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'bare-'));
  // The same driver the service uses, with none of its code between the route and the file.
  const db = openSqliteFile(join(dataDir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS events (global_position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL,
    stream_revision INTEGER NOT NULL, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL,
    recorded_at TEXT NOT NULL, UNIQUE (stream_id, stream_revision));
    CREATE TABLE IF NOT EXISTS status (address TEXT PRIMARY KEY, status TEXT NOT NULL)`);
  const revisionOf = db.prepare('SELECT MAX(stream_revision) AS r FROM events WHERE stream_id = ?');
  const insert = db.prepare(
    'INSERT INTO events (stream_id, stream_revision, event_id, type, data, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const lookup = db.prepare('SELECT status FROM status WHERE address = ?');
  const seed = db.prepare('INSERT OR REPLACE INTO status (address, status) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 100_000; i++) {
      seed.run(`user${i}@example.com`, i % 10 === 0 ? 'suppressed' : 'deliverable');
    }
  })();
  const append = db.transaction((stream: string, body: string) => {
    const row = revisionOf.get(stream) as { r: number | null };
    insert.run(stream, (row.r ?? -1) + 1, crypto.randomUUID(), 'BounceReceived', body, new Date().toISOString());
  });
  const app = Fastify({ logger: false });
  app.post('/append', (request) => {
    const body = request.body as { address: string };
    append(body.address, JSON.stringify(body));
    return { ok: true };
  });
  app.get('/lookup/:address', (request) => {
    const { address } = request.params as { address: string };
    const row = lookup.get(address) as { status: string } | undefined;
    return { address, status: row?.status ?? 'deliverable' };
  });
  app.get('/health', () => ({ status: 'ok' }));
  await app.listen({ port: Number(process.env.PORT ?? 3999), host: '127.0.0.1' });
}

void main();
