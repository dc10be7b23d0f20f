import { rmSync } from 'node:fs';
import type { EventStore } from '@app/event-store';
import { replayFactsPath } from './replay-facts-file';

/**
 * Deletes the store's replay projection (and its WAL and shared memory) after an erasure: the projection packs every
 * recipient's facts into shared chunks and keeps bounce replies (which may quote the address) once each, so it is
 * dropped whole rather than edited, and the next simulation rebuilds it from the log, which no longer holds them.
 * A simulation that has the file open finishes on the copy it holds.
 */
export function discardReplayFacts(store: EventStore): void {
  const source = store.scanReplicaSource?.();
  if (source === undefined) {
    return;
  }
  const path = replayFactsPath(source.path);
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    rmSync(file, { force: true });
  }
}
