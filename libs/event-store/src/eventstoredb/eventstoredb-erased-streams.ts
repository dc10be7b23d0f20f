import { jsonEvent } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StreamNotFoundError } from '../event-store';
import { translateError } from './eventstoredb-errors';
import { ERASED_STREAMS_STREAM, STREAM_ERASED_TYPE } from './eventstoredb-mapping';

/** Re-read the registry at most this often while a subscription delivers, so an erasure during a catch-up counts. */
const REFRESH_INTERVAL_MS = 1_000;

/**
 * Which streams were erased, and below which revision: `$all` bypasses the stream index, so it returns a soft-deleted
 * stream's events until a scavenge has removed them from the chunk files (and a scavenge never rewrites the chunk
 * being written). Readers of `$all` skip the events this registry names, so a rebuild, a replay or a projector that
 * starts over does not bring an erased recipient back.
 *
 * The registry is a stream of this adapter's own (`erased-streams`, skipped by `$all` readers as bookkeeping) rather
 * than each stream's `$tb`: one read catches up with every erasure, where `$tb` would cost a metadata read per
 * stream met in `$all`.
 */
export class ErasedStreams {
  private readonly truncatedBefore = new Map<string, bigint>();
  private nextRevision = 0n;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly client: EventStoreDBClient) {}

  /** Whether the event belongs to what an erasure removed (the history before the stream's erasure). */
  hides(event: { streamId: string; revision: bigint }): boolean {
    const before = this.truncatedBefore.get(event.streamId);
    return before !== undefined && event.revision < before;
  }

  /** Records an erasure: events of the stream below `truncateBefore` are erased. */
  async record(streamId: string, truncateBefore: bigint): Promise<void> {
    const entry = jsonEvent({
      type: STREAM_ERASED_TYPE,
      data: { streamId, truncateBefore: truncateBefore.toString() },
    });
    try {
      await this.client.appendToStream(ERASED_STREAMS_STREAM, entry);
    } catch (error) {
      throw translateError(error, { streamId: ERASED_STREAMS_STREAM });
    }
    this.remember(streamId, truncateBefore);
  }

  /** Reads the erasures recorded since the last refresh (by this process or any other). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readNew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Refreshes when the last refresh is older than the interval; for per-event paths. */
  async refreshIfStale(): Promise<void> {
    if (Date.now() - this.refreshedAt >= REFRESH_INTERVAL_MS) {
      await this.refresh();
    }
  }

  private async readNew(): Promise<void> {
    const startedAt = Date.now();
    try {
      for await (const resolved of this.client.readStream(ERASED_STREAMS_STREAM, { fromRevision: this.nextRevision })) {
        const event = resolved.event;
        if (event === undefined) {
          continue;
        }
        this.nextRevision = event.revision + 1n;
        const data = event.data as { streamId?: unknown; truncateBefore?: unknown };
        if (typeof data.streamId === 'string' && typeof data.truncateBefore === 'string') {
          this.remember(data.streamId, BigInt(data.truncateBefore));
        }
      }
    } catch (error) {
      const translated = translateError(error, { streamId: ERASED_STREAMS_STREAM });
      if (!(translated instanceof StreamNotFoundError)) {
        throw translated;
      }
    }
    this.refreshedAt = startedAt;
  }

  private remember(streamId: string, truncateBefore: bigint): void {
    const known = this.truncatedBefore.get(streamId);
    if (known === undefined || truncateBefore > known) {
      this.truncatedBefore.set(streamId, truncateBefore);
    }
  }
}
