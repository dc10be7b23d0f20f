import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RECIPIENT_STREAM_PREFIX } from '../recipient-stream';
import { openScanReplica } from '../scan-replica';
import { describeStreamScanContract } from '../testing/stream-scan.contract';
import { useTemporarySqliteStores } from '../testing/temporary-sqlite-stores';
import { createSqliteEventStore } from './sqlite-event-store';

describeStreamScanContract('embedded SQLite', () => {
  const directory = mkdtempSync(join(tmpdir(), 'stream-scan-contract-'));
  const store = createSqliteEventStore({ path: join(directory, 'events.sqlite') });
  return Promise.resolve({
    store,
    dispose: async () => {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  });
});

describeStreamScanContract('embedded SQLite in memory', () => {
  const store = createSqliteEventStore({ path: ':memory:' });
  return Promise.resolve({ store, dispose: () => store.close() });
});

describe('scanning the embedded SQLite store, beyond the contract', () => {
  const { open } = useTemporarySqliteStores('sqlite-stream-scan-');
  const event = () => ({ eventId: randomUUID(), type: 'Noted', data: {} });

  it('names a replica that scans the same streams and refuses appends', async () => {
    const store = open();
    await store.append(`${RECIPIENT_STREAM_PREFIX}ab`, [event(), event()], 'no_stream');
    const source = store.scanReplicaSource();
    expect(source).toEqual({ adapter: 'sqlite', path: expect.stringMatching(/events\.sqlite$/) as unknown });

    const replica = openScanReplica(source!);
    try {
      const streams = [];
      for await (const batch of replica.scanStreams!()) {
        streams.push(...batch);
      }
      expect(streams.map((stream) => [stream.streamId, stream.events.length])).toEqual([
        [`${RECIPIENT_STREAM_PREFIX}ab`, 2],
      ]);
      await expect(replica.append('other', [event()], 'any')).rejects.toThrow(/read-only/);
    } finally {
      await replica.close();
    }
  });

  it('names no replica for a store in memory', async () => {
    const store = createSqliteEventStore({ path: ':memory:' });
    expect(store.scanReplicaSource()).toBeUndefined();
    await store.close();
  });

  it('tells the last position without reading the log', async () => {
    const store = open();
    expect(await store.lastPosition()).toBe(0n);
    const { position } = await store.append('s', [event(), event(), event()], 'no_stream');
    expect(await store.lastPosition()).toBe(position);
  });
});
