import type { EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from '@app/event-store';
import { StreamNotFoundError, WrongExpectedRevisionError } from '@app/event-store';

/** A stream's state and the revision of the last event folded into it (-1: the stream does not exist yet). */
export interface StreamState<State> {
  state: State;
  revision: number;
  /** Log position of that last event; undefined for a stream that does not exist yet. */
  position?: bigint;
}

/** What a command decided: the events to append (none: answered without a write) and the answer to give. */
export interface CommandDecision<Event, Result, State = unknown> {
  events: readonly Event[];
  result: Result;
  /** The state the events lead to, when deciding folded them already (several commands at once); else evolved. */
  next?: State;
}

/** A place stream states are kept between commands; the handler reads it first and keeps it in step with the store. */
export interface StreamStateCache<State> {
  get(streamId: string): StreamState<State> | undefined;
  set(streamId: string, stream: StreamState<State>): void;
  delete(streamId: string): void;
}

/**
 * Where a stream's folded state is kept now and then, so a load reads the latest snapshot and only the events after
 * it. A cache, never the truth: a snapshot is used only when the stream still holds, at its revision, the event it was
 * folded up to (same log position); otherwise the stream is folded from its start.
 */
export interface StreamSnapshots<State> {
  /** The latest usable snapshot of the stream (one of another format is none), with the position it was taken at. */
  read(streamId: string): Promise<(StreamState<State> & { position: bigint }) | undefined>;
  /** Keeps the stream as it stands; a failure to keep it is the store's to ignore, never the command's. */
  write(streamId: string, stream: StreamState<State> & { position: bigint }): void;
  /** A snapshot is taken each time a stream's length passes a multiple of this many events. */
  every: number;
}

export interface HandleCommandOptions<State, Event, Result> {
  store: EventStore;
  streamId: string;
  /** The state of a stream with no events. */
  initialState: () => State;
  /** Folds events onto a state and returns the next state, leaving the given one as it was (it may be cached). */
  evolve: (state: State, events: readonly Event[]) => State;
  /** Turns the stream's current state into the events to append and the answer. Called again after each conflict. */
  decide: (state: State, revision: number) => CommandDecision<Event, Result, State>;
  /** Reads a stored event; `undefined` skips an event this stream's state does not depend on. */
  read: (recorded: RecordedEvent) => Event | undefined;
  /** Writes an event for the store. */
  write: (event: Event) => EventToAppend;
  /** Revision conflicts are decided again up to this many attempts in all, then the last conflict is thrown. */
  maxAttempts: number;
  cache?: StreamStateCache<State>;
  snapshots?: StreamSnapshots<State>;
  /**
   * Looks up in the store what deciding on a state asked of the past and the state did not hold (one resumed from a
   * snapshot), and the command is decided again on what it learnt; undefined, at no cost, when nothing was asked.
   */
  recall?: (state: State, streamId: string) => Promise<void> | undefined;
  /** The stream as the caller has already read it, decided on first instead of reading it again. */
  readAlready?: StreamState<State>;
  /** Told about each conflict that is about to be decided again. */
  onConflict?: (conflict: WrongExpectedRevisionError) => void;
}

export interface HandledCommand<State, Result> {
  result: Result;
  /** The stream after the command: with the appended events, or as it was decided on when nothing was appended. */
  stream: StreamState<State>;
  appended: boolean;
}

/**
 * The one load -> decide -> append loop. The append carries the revision the state was read at, so two writers on
 * one stream can never both build on the same past: the one that loses reads the stream again and decides again.
 * Any failure to append drops the cached state, so the next command reads what the store really holds.
 */
export async function handleCommand<State, Event, Result>(
  options: HandleCommandOptions<State, Event, Result>,
): Promise<HandledCommand<State, Result>> {
  const { store, streamId, evolve, decide, write, cache, maxAttempts } = options;
  let known = options.readAlready;
  for (let attempt = 1; ; attempt++) {
    const current = known ?? (await loadStream(options));
    known = undefined;
    let decision = decide(current.state, current.revision);
    const recalling = options.recall?.(current.state, streamId);
    if (recalling !== undefined) {
      await recalling;
      decision = decide(current.state, current.revision);
    }
    const { events, result, next } = decision;
    if (events.length === 0) {
      return { result, stream: current, appended: false };
    }
    try {
      const expected: ExpectedRevision = current.revision < 0 ? 'no_stream' : current.revision;
      const appended = await store.append(streamId, events.map(write), expected);
      if (appended.alreadyRecorded === true) {
        // Another append (another process, or an attempt whose answer was lost) recorded these very events: this
        // one decided on an older state, as on a conflict, and deciding again finds what it recorded.
        throw new WrongExpectedRevisionError(streamId, expected, appended.nextExpectedRevision);
      }
      const stream = {
        state: next ?? evolve(current.state, events),
        revision: appended.nextExpectedRevision,
        position: appended.position,
      };
      cache?.set(streamId, stream);
      if (passesMultiple(current.revision, stream.revision, options.snapshots)) {
        options.snapshots?.write(streamId, stream);
      }
      return { result, stream, appended: true };
    } catch (error) {
      cache?.delete(streamId);
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxAttempts) {
        throw error;
      }
      options.onConflict?.(error);
      const pause = conflictPauseMs(attempt);
      if (pause > 0) {
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}

/** The longest pause before deciding again after a conflict, however many conflicts came before. */
const MAX_CONFLICT_PAUSE_MS = 50;

/**
 * How long to wait before deciding again after the given attempt lost a race. The first retry goes at once; losing
 * again means writers elsewhere (other replicas) keep winning, so the pause grows and is random, letting them finish
 * instead of racing them in step until the attempts run out.
 */
export function conflictPauseMs(attempt: number, random: () => number = Math.random): number {
  return attempt <= 1 ? 0 : random() * Math.min(MAX_CONFLICT_PAUSE_MS, 2 ** attempt);
}

/**
 * The stream's state, from the cache when it holds it, else from its latest snapshot and the events after it, else
 * folded from its start; a stream that does not exist yet is the initial state. A load that folded a snapshot's worth
 * of events or more leaves a snapshot of what it folded.
 */
export async function loadStream<State, Event>(
  options: Pick<
    HandleCommandOptions<State, Event, unknown>,
    'store' | 'streamId' | 'initialState' | 'evolve' | 'read' | 'cache' | 'snapshots'
  >,
): Promise<StreamState<State>> {
  const { streamId, cache, snapshots } = options;
  const cached = cache?.get(streamId);
  if (cached !== undefined) {
    return cached;
  }
  const snapshot = await snapshots?.read(streamId);
  let base: StreamState<State> = { state: options.initialState(), revision: -1 };
  let recorded: RecordedEvent[] | undefined;
  if (snapshot !== undefined) {
    // Read from the snapshot's own event: finding it where the snapshot saw it proves the history it folded is
    // still this stream's (not erased and begun again since).
    const tail = await readStreamOrNothing(options.store, streamId, snapshot.revision);
    if (tail[0]?.position === snapshot.position) {
      base = snapshot;
      recorded = tail.slice(1);
    }
  }
  recorded ??= await readStreamOrNothing(options.store, streamId);
  return foldRecorded(options, streamId, recorded, base);
}

/**
 * A stream's recorded events (all of them, or those after `base`) folded onto `base` (default: the initial state),
 * kept in the cache, and snapshotted when they were a snapshot's worth or more: how a stream read by `loadStream`, or
 * read ahead by its caller, becomes its state.
 */
export function foldRecorded<State, Event>(
  options: Pick<
    HandleCommandOptions<State, Event, unknown>,
    'initialState' | 'evolve' | 'read' | 'cache' | 'snapshots'
  >,
  streamId: string,
  recorded: readonly RecordedEvent[],
  base: StreamState<State> = { state: options.initialState(), revision: -1 },
): StreamState<State> {
  const { cache, snapshots } = options;
  const events: Event[] = [];
  for (const event of recorded) {
    const read = options.read(event);
    if (read !== undefined) {
      events.push(read);
    }
  }
  const last = recorded[recorded.length - 1];
  const stream = {
    state: options.evolve(base.state, events),
    revision: last?.revision ?? base.revision,
    position: last?.position ?? base.position,
  };
  cache?.set(streamId, stream);
  if (snapshots !== undefined && last !== undefined && recorded.length >= snapshots.every) {
    snapshots.write(streamId, { ...stream, position: last.position });
  }
  return stream;
}

/** Whether a stream that grew from one revision to another passed a multiple of the snapshot interval. */
function passesMultiple<State>(from: number, to: number, snapshots: StreamSnapshots<State> | undefined): boolean {
  return snapshots !== undefined && Math.floor((from + 1) / snapshots.every) < Math.floor((to + 1) / snapshots.every);
}

/** Every event of a stream from a revision (default its first), oldest first; none when the stream does not exist. */
export async function readStreamOrNothing(
  store: EventStore,
  streamId: string,
  fromRevision?: number,
): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId, fromRevision === undefined ? undefined : { fromRevision });
  } catch (error) {
    if (error instanceof StreamNotFoundError) {
      return [];
    }
    throw error;
  }
}
