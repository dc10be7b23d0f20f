import { randomUUID } from 'node:crypto';

/**
 * The stand-in's in-memory transaction log. It lives outside the gRPC server so a test can stop the server and start
 * another on the same port over the same data, the way a real node restarts over its database files.
 */

export interface StoredEvent {
  streamId: string;
  revision: bigint;
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server sends them in the `created` metadata. */
  created: string;
  /**
   * Commit and prepare position alike: the server writes each appended event as a committed prepare, one record per
   * event, so both name the record's start.
   */
  position: bigint;
  /** Set once a scavenge removed the record: the index still knows its id and revision, the data is gone. */
  scavenged?: true;
}

/** A record's position in the log as the server reports it; checkpoints between records carry `prepare` 0. */
export interface LogPosition {
  commit: bigint;
  prepare: bigint;
}

export interface ProposedEvent {
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export type ExpectedState =
  { kind: 'any' } | { kind: 'no_stream' } | { kind: 'stream_exists' } | { kind: 'revision'; revision: bigint };

export type DeleteOutcome =
  { kind: 'success'; position: bigint } | { kind: 'wrong_expected_version'; currentRevision: bigint | undefined };

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint; position: bigint | undefined }
  | { kind: 'wrong_expected_version'; currentRevision: bigint | undefined };

/** Real logs open with an epoch record before any event, so no event ever sits at position 0. */
const FIRST_EVENT_POSITION = 1024n;
/** Rough size of a prepare record's header; positions are byte offsets, not counters. */
const RECORD_OVERHEAD = 96n;
/**
 * How many recently written ids the server remembers for deduplicating `ANY` and `STREAM_EXISTS` appends: a bounded
 * in-memory cache on the real node, so only a repeat soon after the original is recognised.
 */
export const RECENT_EVENT_ID_CAPACITY = 1_000;
/** The server's default chunk size: a scavenge rewrites completed chunks only, never the one being written. */
export const DEFAULT_CHUNK_SIZE = 256n * 1024n * 1024n;
/** The `$tb` a soft delete sets: `long.MaxValue`, so every event of the stream reads as truncated. */
export const SOFT_DELETED = 9_223_372_036_854_775_807n;

/**
 * What a fresh node writes to `$all` before any client does: the admin and ops users, and the default ACL settings.
 * Every `$all` reader sees them, so the adapter's skipping of system events is exercised on every log.
 */
const SYSTEM_EVENTS_OF_A_FRESH_NODE: { streamId: string; type: string }[] = [
  { streamId: '$user-admin', type: '$UserCreated' },
  { streamId: '$users', type: '$User' },
  { streamId: '$user-ops', type: '$UserCreated' },
  { streamId: '$users', type: '$User' },
  { streamId: '$settings', type: 'update-default-acl' },
];

export class StandInLog {
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  /** Ids of the most recent events, oldest first, each with the stream and revision it was written at. */
  private readonly recentIds = new Map<string, StoredEvent>();
  private nextPosition = FIRST_EVENT_POSITION;
  /** Each stream's `$tb` (truncate before), as its `$$` metadata stream last set it. */
  private readonly truncateBefore = new Map<string, bigint>();
  private scavenges = 0;

  /**
   * @param idempotentAppendPosition what a duplicate append reports as its position: current servers return the
   * position of the last already-written event, older ones returned none.
   * @param chunkSize bytes of log per chunk file; a scavenge leaves the chunk being written alone.
   */
  constructor(
    readonly idempotentAppendPosition: 'original' | 'none' = 'original',
    readonly chunkSize: bigint = DEFAULT_CHUNK_SIZE,
  ) {
    for (const { streamId, type } of SYSTEM_EVENTS_OF_A_FRESH_NODE) {
      this.appendForeign(streamId, { type, contentType: 'application/json', data: '{}' });
    }
  }

  /**
   * Writes an event no client of this service would: a system event, or one in another format. Tests use it for what
   * other writers leave in a shared `$all`.
   */
  appendForeign(
    streamId: string,
    event: { type: string; contentType: 'application/json' | 'application/octet-stream'; data: string | Uint8Array },
  ): StoredEvent {
    const data = typeof event.data === 'string' ? Buffer.from(event.data, 'utf8') : event.data;
    const existing = this.streams.get(streamId) ?? [];
    this.write(streamId, existing, [
      {
        eventId: randomUUID(),
        type: event.type,
        contentType: event.contentType,
        data,
        customMetadata: new Uint8Array(),
      },
    ]);
    const written = existing.at(-1);
    if (written === undefined) {
      throw new Error(`The foreign event in ${streamId} was not written`);
    }
    return written;
  }

  /** Where the next record will be written: the position a server reports as the end of its log. */
  get endOfLog(): bigint {
    return this.nextPosition;
  }

  get all(): readonly StoredEvent[] {
    return this.events;
  }

  /** Every record the stream's index holds, scavenged ones included, by revision. */
  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId);
  }

  /**
   * What a stream read sees: the events from the stream's `$tb` on; undefined (stream not found) when the stream
   * does not exist or is soft-deleted.
   */
  readableStream(streamId: string): readonly StoredEvent[] | undefined {
    const events = this.streams.get(streamId);
    const truncateBefore = this.truncateBefore.get(streamId) ?? 0n;
    if (events === undefined || truncateBefore === SOFT_DELETED) {
      return undefined;
    }
    return truncateBefore === 0n ? events : events.filter((event) => event.revision >= truncateBefore);
  }

  /** The stream's `$tb`, if its metadata sets one. */
  truncatedBefore(streamId: string): bigint | undefined {
    return this.truncateBefore.get(streamId);
  }

  /** How many scavenges have run: `$all` readers holding an index into `all` re-find their place after one. */
  get scavengeCount(): number {
    return this.scavenges;
  }

  /**
   * The server's soft delete: the expected revision is checked against the stream, then its metadata stream gets a
   * `$metadata` event setting `$tb` to `long.MaxValue`. Nothing is removed; reads of the stream answer not found, and
   * `$all` still holds every event until a scavenge.
   */
  softDelete(streamId: string, expected: ExpectedState): DeleteOutcome {
    const existing = this.streams.get(streamId) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const deleted = this.truncateBefore.get(streamId) === SOFT_DELETED;
    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'stream_exists' && current !== undefined && !deleted) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!matches) {
      return { kind: 'wrong_expected_version', currentRevision: current };
    }
    return { kind: 'success', position: this.setTruncateBefore(streamId, SOFT_DELETED).position };
  }

  /**
   * A scavenge as KurrentDB runs it, over completed chunks only: drops each event below its stream's `$tb` and every
   * metadata event but the last of its stream, and always keeps the last event of a stream (the server keeps it to
   * know the stream's last revision). Returns how many records it removed.
   */
  scavenge(): number {
    const currentChunk = this.nextPosition / this.chunkSize;
    const removable = (event: StoredEvent): boolean => {
      const stream = this.streams.get(event.streamId) ?? [];
      if (event.position / this.chunkSize >= currentChunk || event === stream.at(-1)) {
        return false;
      }
      return event.streamId.startsWith('$$') || event.revision < (this.truncateBefore.get(event.streamId) ?? 0n);
    };
    const kept = this.events.filter((event) => !removable(event));
    const removed = this.events.length - kept.length;
    for (const event of this.events.filter(removable)) {
      const stub: StoredEvent = { ...event, data: new Uint8Array(), customMetadata: new Uint8Array(), scavenged: true };
      const stream = this.streams.get(event.streamId);
      if (stream !== undefined) {
        stream[Number(event.revision)] = stub;
      }
      if (this.recentIds.get(event.eventId) === event) {
        this.recentIds.set(event.eventId, stub);
      }
    }
    this.events.splice(0, this.events.length, ...kept);
    this.scavenges += 1;
    return removed;
  }

  /** Writes the stream's metadata event, as the server does for a soft delete and for writing to a deleted stream. */
  private setTruncateBefore(streamId: string, truncateBefore: bigint): StoredEvent {
    this.truncateBefore.set(streamId, truncateBefore);
    return this.appendForeign(`$$${streamId}`, {
      type: '$metadata',
      contentType: 'application/json',
      data: `{"$tb":${truncateBefore}}`,
    });
  }

  get lastPosition(): bigint | undefined {
    return this.events.at(-1)?.position;
  }

  onAppended(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The server's commit check: expected-revision rules and idempotency by event id, then the write. */
  append(streamId: string, expected: ExpectedState, proposed: ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(streamId) ?? [];
    const current = existing.length === 0 ? undefined : BigInt(existing.length - 1);
    const wrong: AppendOutcome = { kind: 'wrong_expected_version', currentRevision: current };

    switch (expected.kind) {
      case 'any':
        return this.recentRepeat(streamId, proposed) ?? this.write(streamId, existing, proposed);
      case 'stream_exists':
        if (current === undefined) {
          return wrong;
        }
        return this.recentRepeat(streamId, proposed) ?? this.write(streamId, existing, proposed);
      case 'no_stream':
        return (
          this.appendAt(streamId, existing, -1n, proposed) ??
          // A soft-deleted stream takes NO_STREAM as "continue where it was" (IndexWriter.CheckCommit).
          (this.truncateBefore.get(streamId) === SOFT_DELETED
            ? this.appendAt(streamId, existing, BigInt(existing.length - 1), proposed)
            : undefined) ??
          wrong
        );
      case 'revision':
        return this.appendAt(streamId, existing, expected.revision, proposed) ?? wrong;
      default: {
        const unreachable: never = expected;
        return unreachable;
      }
    }
  }

  /** An exact expectation (`-1` for no stream): write when it matches, report a full duplicate as success. */
  private appendAt(
    streamId: string,
    existing: StoredEvent[],
    expected: bigint,
    proposed: ProposedEvent[],
  ): AppendOutcome | undefined {
    const current = BigInt(existing.length - 1);
    if (expected === current) {
      return this.write(streamId, existing, proposed);
    }
    if (expected > current || proposed.length === 0) {
      return undefined;
    }
    // Every proposed id must already sit at the revisions right after `expected`; a partial overlap is a conflict.
    const duplicates = proposed.every(
      (event, index) => existing[Number(expected) + 1 + index]?.eventId === event.eventId,
    );
    if (!duplicates) {
      return undefined;
    }
    const last = existing[Number(expected) + proposed.length];
    return {
      kind: 'success',
      currentRevision: expected + BigInt(proposed.length),
      position: this.idempotentAppendPosition === 'original' ? last?.position : undefined,
    };
  }

  /**
   * The server's check for `ANY` and `STREAM_EXISTS`: when the first id is in its recent-id cache for this stream, the
   * append is a repeat. Every id then has to follow at the next revisions (a success without a write), otherwise the
   * repeat is only partial and refused as a wrong expected version. An id it no longer remembers is written again.
   */
  private recentRepeat(streamId: string, proposed: ProposedEvent[]): AppendOutcome | undefined {
    const first = proposed[0] === undefined ? undefined : this.recentIds.get(proposed[0].eventId);
    if (first === undefined || first.streamId !== streamId) {
      return undefined;
    }
    const repeated = proposed.map((event) => this.recentIds.get(event.eventId));
    const whole = repeated.every(
      (found, index) =>
        found !== undefined && found.streamId === streamId && found.revision === first.revision + BigInt(index),
    );
    const last = repeated.at(-1);
    if (!whole || last === undefined) {
      const current = this.streams.get(streamId)?.length;
      return {
        kind: 'wrong_expected_version',
        currentRevision: current === undefined ? undefined : BigInt(current - 1),
      };
    }
    return {
      kind: 'success',
      currentRevision: last.revision,
      position: this.idempotentAppendPosition === 'original' ? last.position : undefined,
    };
  }

  private remember(event: StoredEvent): void {
    this.recentIds.delete(event.eventId);
    this.recentIds.set(event.eventId, event);
    if (this.recentIds.size > RECENT_EVENT_ID_CAPACITY) {
      const oldest = this.recentIds.keys().next();
      if (oldest.done !== true) {
        this.recentIds.delete(oldest.value);
      }
    }
  }

  private write(streamId: string, existing: StoredEvent[], proposed: ProposedEvent[]): AppendOutcome {
    const undelete = proposed.length > 0 && this.truncateBefore.get(streamId) === SOFT_DELETED;
    const firstNew = BigInt(existing.length);
    const created = (BigInt(Date.now()) * 10_000n).toString();
    const written = proposed.map((event, index): StoredEvent => {
      const position = this.nextPosition;
      this.nextPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length);
      return { ...event, streamId, revision: BigInt(existing.length + index), created, position };
    });
    if (written.length > 0) {
      existing.push(...written);
      this.streams.set(streamId, existing);
    }
    this.events.push(...written);
    for (const event of written) {
      this.remember(event);
    }
    for (const event of written) {
      for (const listener of this.listeners) {
        listener(event);
      }
    }
    if (undelete) {
      // Writing to a soft-deleted stream undeletes it: `$tb` moves to the first new event (SoftUndeleteStream).
      this.setTruncateBefore(streamId, firstNew);
    }
    const last = written.at(-1);
    return {
      kind: 'success',
      currentRevision: BigInt(existing.length - 1),
      position: last?.position,
    };
  }
}
