import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStreamErasureContract } from '../testing/stream-erasure.contract';
import { createSqliteEventStore } from './sqlite-event-store';

describeStreamErasureContract('embedded SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'sqlite-erasure-contract-'));
  const store = createSqliteEventStore({ path: join(directory, 'events.sqlite') });
  return Promise.resolve({
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});
