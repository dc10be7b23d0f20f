import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describeRecipientErasureContract } from '../testing/recipient-erasure.contract';
import { createSqliteReadModel } from './sqlite-read-model';

describeRecipientErasureContract('SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'read-model-erasure-'));
  const db = new Database(join(directory, 'recipient-state.sqlite'));
  db.pragma('journal_mode = WAL');
  const store = createSqliteReadModel({ db });
  return Promise.resolve({
    store,
    // The file, its WAL and its shared memory, byte for byte: a deleted row left in a free page would show here.
    leftovers: (text: string) => {
      const needle = Buffer.from(text, 'utf8');
      return Promise.resolve(
        readdirSync(directory).filter((name) => readFileSync(join(directory, name)).includes(needle)),
      );
    },
    dispose: async () => {
      await store.close();
      db.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});
