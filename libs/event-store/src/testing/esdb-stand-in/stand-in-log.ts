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
  /** Commit and prepare position alike: the server writes one record per event for these appends. */
  position: bigint;
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

export type AppendOutcome =
  | { kind: 'success'; currentRevision: bigint; position: bigint | undefined }
  | { kind: 'wrong_expected_version'; currentRevision: bigint | undefined };

/** Real logs open with system records (epoch, `$`-streams), so no user event ever sits at position 0. */
const FIRST_EVENT_POSITION = 1024n;
/** Rough size of a prepare record's header; positions are byte offsets, not counters. */
const RECORD_OVERHEAD = 96n;

export class StandInLog {
  private readonly events: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly listeners = new Set<(event: StoredEvent) => void>();
  private nextPosition = FIRST_EVENT_POSITION;

  /**
   * @param idempotentAppendPosition what a duplicate append reports as its position: current servers return the
   * position of the last already-written event, older ones returned none.
   */
  constructor(readonly idempotentAppendPosition: 'original' | 'none' = 'original') {}

  get all(): readonly StoredEvent[] {
    return this.events;
  }

  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId);
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
        // The real server also dedupes ANY appends through a bounded in-memory cache; deliberately not modelled.
        return this.write(streamId, existing, proposed);
      case 'stream_exists':
        return current === undefined ? wrong : this.write(streamId, existing, proposed);
      case 'no_stream':
        return this.appendAt(streamId, existing, -1n, proposed) ?? wrong;
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

  private write(streamId: string, existing: StoredEvent[], proposed: ProposedEvent[]): AppendOutcome {
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
      for (const listener of this.listeners) {
        listener(event);
      }
    }
    const last = written.at(-1);
    return {
      kind: 'success',
      currentRevision: BigInt(existing.length - 1),
      position: last?.position,
    };
  }
}
