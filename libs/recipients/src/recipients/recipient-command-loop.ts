import type { Decision, RecipientCommand, RecipientEvent } from '@app/domain';
import { decide, foldRecipient, fromStoredEvent, initialRecipientState, toStoredEvent } from '@app/domain';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { DuplicateEventIdError, recipientStreamId } from '@app/event-store';
import type { Clock } from '../clock';
import type { CommandDecision, HandleCommandOptions, StreamState } from '../command-handling/handle-command';
import { foldRecorded, handleCommand, loadStream, readStreamOrNothing } from '../command-handling/handle-command';
import type { CurrentPolicy } from '../policy/current-policy';
import type { CommandObserver } from './command-observer';
import type { CommandTrace } from './command-trace';
import { EventCauses } from './command-trace';
import type { EventActor } from './event-actor';
import { withActor } from './event-actor';
import { IGNORE_COMMANDS } from './command-observer';
import type { LoadedRecipient, RecipientStateCache } from './recipient-state-cache';
import { SeenFacts } from './seen-facts';
import { recipientSnapshotsOf } from '../snapshots/recipient-snapshot-store';
import { recipientSnapshotting } from '../snapshots/recipient-stream-snapshots';

/** Revision conflicts are retried this many times before the command fails with nothing recorded. */
const MAX_ATTEMPTS = 8;

export interface CommandOutcome {
  decision: Decision;
  recipient: LoadedRecipient;
}

export interface RecipientCommandLoopOptions {
  store: EventStore;
  addressHashKey: string;
  policy: CurrentPolicy;
  cache: RecipientStateCache;
  clock: Clock;
  maxClockSkewMs: number;
  observer?: CommandObserver;
}

/** The part of a recipient the decider reads: its state and the facts already in its stream. */
type Recipient = Omit<LoadedRecipient, 'revision' | 'position'>;

/** A batch's streams read ahead in one store call, and which of them. */
interface Preload {
  streamIds: ReadonlySet<string>;
  streams: Promise<Map<string, RecordedEvent[]>>;
}

/**
 * Every recipient command, from any entry point (HTTP, batch, CLI import), goes through `execute`: one `handleCommand`
 * per command on the recipient's stream, so two concurrent commands on one recipient can never both build on the same
 * past.
 */
export class RecipientCommandLoop {
  /** The last command queued per recipient stream in this process; removed once the stream's queue is empty. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly observer: CommandObserver;
  private readonly causes = new EventCauses();
  /** Built once rather than for every command: how any recipient stream is read, folded and cached. */
  private readonly streamAccess: Omit<
    HandleCommandOptions<Recipient, RecipientEvent, Decision>,
    'decide' | 'maxAttempts' | 'streamId' | 'write'
  >;

  constructor(private readonly options: RecipientCommandLoopOptions) {
    this.observer = options.observer ?? IGNORE_COMMANDS;
    const snapshots = recipientSnapshotsOf(options.store);
    const { cache } = options;
    this.streamAccess = {
      ...(snapshots === undefined ? {} : recipientSnapshotting(snapshots)),
      store: options.store,
      initialState: () => ({ state: initialRecipientState(), seenFacts: SeenFacts.empty() }),
      evolve: evolveRecipient,
      read: (recorded) => fromStoredEvent(recorded, recorded.recordedAt),
      cache: {
        get: (id) => {
          const cached = cache.get(id);
          return cached === undefined
            ? undefined
            : { state: cached, revision: cached.revision, position: cached.position };
        },
        set: (id, stream) => cache.set(id, toLoaded(stream)),
        delete: (id) => cache.delete(id),
      },
    };
  }

  /**
   * `actor`: the token the command came with, kept in the metadata of the events it appends; `trace`: where it came
   * from, kept in their trace.
   */
  async execute(command: RecipientCommand, actor?: EventActor, trace?: CommandTrace): Promise<CommandOutcome> {
    const stopTimer = this.observer.startTimer(command.type);
    try {
      const streamId = this.streamIdOf(command.address);
      const outcome = await this.oneAtATime(streamId, () => this.handle(streamId, command, actor, trace));
      this.observer.recordOutcome(command.type, outcome.decision);
      return outcome;
    } catch (error) {
      this.observer.recordFailure(command.type);
      throw error;
    } finally {
      stopTimer();
    }
  }

  /**
   * Many commands at once (a batch): each recipient's commands are decided in the order given over its state as each
   * earlier one left it, and appended in one append per recipient, whose conflicts are decided again like a single
   * command's. The appends of different recipients share the store's commits. Answers each command's outcome, or the
   * error it failed with, in the order given.
   */
  async executeAll(
    commands: readonly RecipientCommand[],
    actor?: EventActor,
    trace?: CommandTrace,
  ): Promise<(CommandOutcome | Error)[]> {
    const outcomes = new Array<CommandOutcome | Error>(commands.length);
    const byStream = new Map<string, number[]>();
    commands.forEach((command, index) => {
      const streamId = this.streamIdOf(command.address);
      const indexes = byStream.get(streamId);
      if (indexes === undefined) {
        byStream.set(streamId, [index]);
      } else {
        indexes.push(index);
      }
    });
    const preload = this.preload([...byStream.keys()]);
    await Promise.all(
      [...byStream].map(async ([streamId, indexes]) => {
        const own = indexes.map((index) => commands[index] as RecipientCommand);
        const stopTimers = own.map((command) => this.observer.startTimer(command.type));
        const results = await this.oneAtATime(streamId, () =>
          this.handleInOrder(
            streamId,
            own,
            actor,
            trace,
            preload?.streamIds.has(streamId) === true ? preload : undefined,
          ),
        );
        results.forEach((result, position) => {
          const command = own[position] as RecipientCommand;
          if (result instanceof Error) {
            this.observer.recordFailure(command.type);
          } else {
            this.observer.recordOutcome(command.type, result.decision);
          }
          stopTimers[position]?.();
          outcomes[indexes[position] as number] = result;
        });
      }),
    );
    return outcomes;
  }

  streamIdOf(address: string): string {
    return recipientStreamId(address, this.options.addressHashKey);
  }

  /** Reads a recipient through the cache. */
  async load(streamId: string): Promise<LoadedRecipient> {
    return toLoaded(await loadStream(this.stream(streamId)));
  }

  /** A recipient's events, oldest first; none for an address never seen. */
  async readStream(streamId: string): Promise<RecipientEvent[]> {
    const recorded = await readStreamOrNothing(this.options.store, streamId);
    return recorded.map((event) => fromStoredEvent(event, event.recordedAt));
  }

  /**
   * Commands on one recipient run one after another in this process. Racing them only buys revision conflicts (and a
   * 503 once the retries run out), and two concurrent copies of one fact make identical appends, the second of which
   * the store takes for an idempotent retry: both would be answered 201. Queued, the later copy finds the earlier one
   * in the state and is answered as the duplicate it is.
   */
  private oneAtATime<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const result = previous.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, settled);
    void settled.then(() => {
      if (this.queues.get(streamId) === settled) {
        this.queues.delete(streamId);
      }
    });
    return result;
  }

  private async handle(
    streamId: string,
    command: RecipientCommand,
    actor?: EventActor,
    trace?: CommandTrace,
  ): Promise<CommandOutcome> {
    try {
      const handled = await handleCommand({
        ...this.stream(streamId, actor, trace),
        maxAttempts: MAX_ATTEMPTS,
        decide: (recipient: Recipient): CommandDecision<RecipientEvent, Decision, Recipient> => {
          const decision = this.decideOne(command, recipient);
          if (decision.outcome === 'recorded') {
            this.causes.note(decision.events);
          }
          return { events: decision.outcome === 'recorded' ? decision.events : [], result: decision };
        },
      });
      return { decision: handled.result, recipient: toLoaded(handled.stream) };
    } catch (error) {
      if (error instanceof DuplicateEventIdError) {
        return { decision: duplicateIdElsewhere(error), recipient: await this.load(streamId) };
      }
      throw error;
    }
  }

  /**
   * One read for the streams of a batch that are neither cached nor queued behind a command of this process: a batch
   * mostly names addresses not seen lately, and a read per recipient (each a promise, most a missing stream's error)
   * cost more than the decisions. A queued stream is read when its turn comes, as it may change before then.
   */
  private preload(streamIds: readonly string[]): Preload | undefined {
    const { store, cache } = this.options;
    if (store.readStreams === undefined) {
      return undefined;
    }
    const unknown = streamIds.filter((streamId) => !this.queues.has(streamId) && cache.get(streamId) === undefined);
    if (unknown.length === 0) {
      return undefined;
    }
    const streams = store.readStreams(unknown);
    // Each stream's turn awaits it; a failure is answered there, as a failed read of that stream would be.
    streams.catch(() => undefined);
    return { streamIds: new Set(unknown), streams };
  }

  /** A preloaded stream folded, cached and snapshotted as `loadStream` does a stream it reads. */
  private async preloaded(streamId: string, preload: Preload): Promise<StreamState<Recipient>> {
    return foldRecorded(this.streamAccess, streamId, (await preload.streams).get(streamId) ?? []);
  }

  /** One recipient's commands of a batch, in order, with one append for all the events they record. */
  private async handleInOrder(
    streamId: string,
    commands: readonly RecipientCommand[],
    actor?: EventActor,
    trace?: CommandTrace,
    preload?: Preload,
  ): Promise<(CommandOutcome | Error)[]> {
    try {
      const handled = await handleCommand({
        ...this.stream(streamId, actor, trace),
        readAlready: preload === undefined ? undefined : await this.preloaded(streamId, preload),
        maxAttempts: MAX_ATTEMPTS,
        decide: (recipient: Recipient, revision: number) => {
          let current = recipient;
          let currentRevision = revision;
          const events: RecipientEvent[] = [];
          const result = commands.map((command): CommandOutcome => {
            const decision = this.decideOne(command, current);
            if (decision.outcome === 'recorded') {
              this.causes.note(decision.events);
              current = evolveRecipient(current, decision.events);
              currentRevision += decision.events.length;
              events.push(...decision.events);
            }
            return { decision, recipient: toLoaded({ state: current, revision: currentRevision }) };
          });
          return { events, result, next: current };
        },
      });
      // Positions are the log's to give: each item's is that of the recipient's last event once the batch is in, which
      // is at or past the event the item recorded or found.
      const { position } = handled.stream;
      return handled.result.map((outcome) => ({ ...outcome, recipient: { ...outcome.recipient, position } }));
    } catch (error) {
      if (error instanceof DuplicateEventIdError) {
        // Some command carries an id another recipient has: one by one, only that command is refused.
        const outcomes: (CommandOutcome | Error)[] = [];
        for (const command of commands) {
          outcomes.push(await this.handle(streamId, command, actor, trace).catch(asError));
        }
        return outcomes;
      }
      return commands.map(() => asError(error));
    }
  }

  private decideOne(command: RecipientCommand, recipient: Recipient): Decision {
    const { policy, clock, maxClockSkewMs } = this.options;
    return decide(command, recipient.state, {
      policy: policy.get(),
      now: clock.now(),
      seenFacts: recipient.seenFacts,
      maxClockSkewMs,
    });
  }

  /** How a recipient stream is read, folded, written and cached: the same for every command but for its writer. */
  private stream(
    streamId: string,
    actor?: EventActor,
    trace?: CommandTrace,
  ): Omit<HandleCommandOptions<Recipient, RecipientEvent, Decision>, 'decide' | 'maxAttempts'> {
    return {
      ...this.streamAccess,
      streamId,
      write: (event) => ({ ...withActor(toStoredEvent(event), actor), ...this.causes.traceOf(event, trace) }),
    };
  }
}

/** The state it came from may still be cached or answered with: both folds leave it as it was. */
function evolveRecipient(recipient: Recipient, events: readonly RecipientEvent[]): Recipient {
  return { state: foldRecipient(events, recipient.state), seenFacts: recipient.seenFacts.with(events) };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function toLoaded(stream: { state: Recipient; revision: number; position?: bigint }): LoadedRecipient {
  return {
    state: stream.state.state,
    seenFacts: stream.state.seenFacts,
    revision: stream.revision,
    position: stream.position,
  };
}

/** A caller-chosen event id already used for another recipient. */
function duplicateIdElsewhere(error: DuplicateEventIdError): Decision {
  return {
    outcome: 'rejected',
    eventId: error.eventId,
    code: 'conflict',
    field: 'eventId',
    message: `eventId ${error.eventId} is already recorded for another recipient`,
  };
}
