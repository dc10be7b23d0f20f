/**
 * The event store port. Every adapter (embedded SQLite, EventStoreDB) implements it and passes the one contract
 * suite in `testing/event-store.contract.ts`. Adapters translate vendor errors into the errors below.
 */

/** What the caller expects the stream to look like before the append. Revisions are 0-based. */
export type ExpectedRevision = 'no_stream' | 'any' | number;

/** The actual state of a stream, as reported by a failed append. */
export type ActualRevision = 'no_stream' | number;

export type JsonObject = { [key: string]: unknown };

/**
 * Where an event came from, kept in its metadata by every adapter under the reserved keys `$correlationId`,
 * `$causationId` and `$source` (EventStoreDB's own projections read the first two), and read back as fields.
 */
export interface EventTrace {
  /** The request or delivery the event belongs to; shared by everything it caused. */
  correlationId?: string;
  /** The command, message or event that directly caused this one. */
  causationId?: string;
  /** What produced it: an entry point such as `http`, `webhook:ses`, `mail`, `cli:import`. */
  source?: string;
}

export interface EventToAppend extends EventTrace {
  /**
   * UUID; the store deduplicates re-appends of the same ids (see `append`). An id belongs to one stream: appending it to
   * another fails with `DuplicateEventIdError`.
   */
  eventId: string;
  type: string;
  data: JsonObject;
  /** The caller's metadata; the trace keys above are reserved and refused here. */
  metadata?: JsonObject;
}

export interface RecordedEvent extends EventTrace {
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  streamId: string;
  /** Position of the event in its stream, from 0. */
  revision: number;
  /** Position in the whole log; only ever grows. */
  position: bigint;
  /** ISO-8601 time the store recorded the event. */
  recordedAt: string;
}

export interface AppendResult {
  /** Revision of the stream's last event after the append: the expected revision for the next one. */
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: bigint;
  /**
   * Set when the events were already there, written by an earlier append (an idempotent retry, or another process
   * that recorded the same events at the same revision first): this append wrote nothing.
   */
  alreadyRecorded?: true;
}

export interface SubscriptionFilter {
  /** Only streams whose name starts with one of these. */
  streamPrefixes?: string[];
  /** Only events of these types. */
  eventTypes?: string[];
}

export interface SubscriptionHandlers {
  /** Called for each event in log order; the next event waits until the returned promise settles. */
  onEvent(event: RecordedEvent): Promise<void> | void;
  /** Called when the subscription has delivered everything that existed when it started (and again after resuming). */
  onCaughtUp?(position: bigint | undefined): Promise<void> | void;
  /** Called when the store reports progress past events the filter skipped: a safe position to resume after. */
  onCheckpoint?(position: bigint): Promise<void> | void;
  /** Called once when the subscription stops for good because of an error it could not recover from. */
  onError?(error: Error): void;
}

export interface Subscription {
  /** Stops delivery; resolves once no handler is running. */
  close(): Promise<void>;
}

/** One event of a scanned stream: what a replay needs, without the global position. */
export interface ScannedEvent {
  eventId: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** Position of the event in its stream, from 0. */
  revision: number;
  recordedAt: string;
}

export interface ScannedStream {
  streamId: string;
  /** Every event of the stream, in revision order. */
  events: ScannedEvent[];
}

/** An event `readAll` passed over: the server's own, or one this service cannot have written. */
export interface SkippedEvent {
  streamId: string;
  type: string;
  position: bigint;
  reason: 'system' | 'not_json' | 'store_bookkeeping' | 'erased';
}

export interface ReadAllOptions {
  /** Only events strictly after this position; default: from the beginning. */
  after?: bigint;
  pageSize?: number;
  /** Told of every event skipped instead of yielded, so a rebuild or replay can count and report them. */
  onSkipped?(event: SkippedEvent): void;
}

/** Whole streams, a few at a time. */
export type StreamBatch = ScannedStream[];

export interface StreamScanOptions {
  /**
   * Streams whose names are this prefix followed by lower-case hex (a keyed hash); default: recipient streams. Others
   * are not scanned.
   */
  prefix?: string;
  /** One of `count` disjoint ranges of those streams (together they cover them all), from 0; default: all of them. */
  shard?: { index: number; count: number };
  /** Aborting ends the iteration after the batch in hand. */
  signal?: AbortSignal;
}

/**
 * How another thread opens a read-only store of its own over the same data (see `openScanReplica`): a plain object,
 * so it crosses `postMessage`.
 */
export type ScanReplicaSource = { adapter: 'sqlite'; path: string };

/** Whether the store started the job that removes deleted events from its files (EventStoreDB's scavenge). */
export type ScavengeOutcome = { started: true; scavengeId: string } | { started: false; reason: string };

export interface StreamErasure {
  erasedEvents: number;
  /** SQLite: false when the store could not yet drop older copies of the pages (a reader held them). */
  walCleared?: boolean;
  /**
   * EventStoreDB: the events are soft-deleted at once, but their bytes stay in the chunk files until a scavenge has
   * run over them; this says whether one was started.
   */
  scavenge?: ScavengeOutcome;
}

export interface EventStore {
  /**
   * Appends events atomically. Fails with `WrongExpectedRevisionError` when the stream is not at `expected`.
   * Re-appending events whose ids the stream already holds at the positions after `expected` succeeds without writing
   * and says so (`alreadyRecorded`: an idempotent retry); a partial overlap is a `WrongExpectedRevisionError`.
   */
  append(streamId: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult>;

  /** All events of a stream from `fromRevision` (default 0), in order. Throws `StreamNotFoundError` when absent. */
  readStream(streamId: string, options?: { fromRevision?: number }): Promise<RecordedEvent[]>;

  /**
   * Optional capability: the events of many streams in one read, each stream's oldest first, as `readStream` gives
   * them; streams that do not exist are absent from the answer. A batch of commands reads its recipients with it.
   */
  readStreams?(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>>;

  /**
   * Every event in log order, strictly after `after` (default: from the beginning), fetched in pages. Events the port
   * cannot represent (system events, data or metadata that is not a JSON object, the adapter's own bookkeeping) and
   * events of erased streams that the store still holds are skipped and reported to `onSkipped`, never thrown: one
   * foreign event must not stop a rebuild.
   */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;

  /**
   * Catch-up subscription: events strictly after `after`, then live ones, without gaps or duplicates. Events of streams
   * erased before they are delivered are not delivered.
   */
  subscribeAll(options: { after?: bigint; filter?: SubscriptionFilter }, handlers: SubscriptionHandlers): Subscription;

  /**
   * Optional capability: every stream under a prefix, each whole and in revision order, in batches; only one batch
   * need be in memory, however large the log. Streams appended to during the scan may be seen as they were before.
   * Adapters that offer it pass `testing/stream-scan.contract.ts`.
   */
  scanStreams?(options?: StreamScanOptions): AsyncIterable<StreamBatch>;

  /**
   * Optional capability, with `scanStreams`: where worker threads can open read-only replicas to scan shards in
   * parallel; undefined when the store cannot be opened twice (a database in memory).
   */
  scanReplicaSource?(): ScanReplicaSource | undefined;

  /**
   * Deletes a stream and every copy of its events' data the store keeps (erasure of personal data), at once or
   * through a job the result names (`scavenge`). The stream must not hold the log's last event
   * (record the erasure in another stream first), so positions only ever grow. Appending to the stream afterwards
   * starts a new history, which `readStream` returns alone (its revisions may go on from the erased ones). Throws
   * `StreamNotFoundError` when absent.
   */
  eraseStream(streamId: string): Promise<StreamErasure>;

  /** Optional capability: the position of the last event in the log (0n when empty), read without reading the log. */
  lastPosition?(): Promise<bigint>;

  /** Resolves when the store answers; rejects with `EventStoreUnavailableError` otherwise. */
  ping(): Promise<void>;

  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`Stream ${streamId} expected at ${String(expected)} but is at ${String(actual)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} not found`);
  }
}

/** An event id that already belongs to another stream: an id identifies one event, in one stream, in every store. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    /** Both streams, when the store knows them: the one appended to and the one that holds the id. */
    readonly streams?: { appendedTo: string; recordedIn: string },
  ) {
    super(
      streams === undefined
        ? `Event id ${eventId} is already recorded in another stream`
        : `Event id ${eventId} appended to ${streams.appendedTo} is already recorded in ${streams.recordedIn}`,
    );
  }
}

export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  /**
   * `not-recorded`: the store refused or never received the write (or it was a read). `unknown`: a write failed after
   * it may have reached the store (a deadline, a dropped connection), so it may have been recorded; resending it with
   * the same event ids is safe, since a recorded one is found as a duplicate.
   */
  readonly outcome: 'not-recorded' | 'unknown';
  constructor(message: string, options?: { cause?: unknown; outcome?: 'not-recorded' | 'unknown' }) {
    super(message, options);
    this.outcome = options?.outcome ?? 'not-recorded';
  }
}
