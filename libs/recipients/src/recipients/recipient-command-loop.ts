import type { Decision, RecipientCommand, RecipientEvent } from '@app/domain';
import { decide, foldRecipient, fromStoredEvent, initialRecipientState, toStoredEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { DuplicateEventIdError, recipientStreamId } from '@app/event-store';
import type { Clock } from '../clock';
import type { CommandDecision, HandleCommandOptions } from '../command-handling/handle-command';
import { handleCommand, loadStream, readStreamOrNothing } from '../command-handling/handle-command';
import type { CurrentPolicy } from '../policy/current-policy';
import type { CommandObserver } from './command-observer';
import { IGNORE_COMMANDS } from './command-observer';
import type { LoadedRecipient, RecipientStateCache } from './recipient-state-cache';
import { SeenFacts } from './seen-facts';

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
type Recipient = Omit<LoadedRecipient, 'revision'>;

/**
 * Every recipient command, from any entry point (HTTP, batch, CLI import), goes through `execute`: one `handleCommand`
 * per command on the recipient's stream, so two concurrent commands on one recipient can never both build on the same
 * past.
 */
export class RecipientCommandLoop {
  /** The last command queued per recipient stream in this process; removed once the stream's queue is empty. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly observer: CommandObserver;

  constructor(private readonly options: RecipientCommandLoopOptions) {
    this.observer = options.observer ?? IGNORE_COMMANDS;
  }

  async execute(command: RecipientCommand): Promise<CommandOutcome> {
    const stopTimer = this.observer.startTimer(command.type);
    try {
      const streamId = this.streamIdOf(command.address);
      const outcome = await this.oneAtATime(streamId, () => this.handle(streamId, command));
      this.observer.recordOutcome(command.type, outcome.decision);
      return outcome;
    } catch (error) {
      this.observer.recordFailure(command.type);
      throw error;
    } finally {
      stopTimer();
    }
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

  private async handle(streamId: string, command: RecipientCommand): Promise<CommandOutcome> {
    const { policy, clock, maxClockSkewMs } = this.options;
    try {
      const handled = await handleCommand({
        ...this.stream(streamId),
        maxAttempts: MAX_ATTEMPTS,
        decide: (recipient: Recipient): CommandDecision<RecipientEvent, Decision> => {
          const decision = decide(command, recipient.state, {
            policy: policy.get(),
            now: clock.now(),
            seenFacts: recipient.seenFacts,
            maxClockSkewMs,
          });
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

  /** How a recipient stream is read, folded, written and cached. */
  private stream(
    streamId: string,
  ): Omit<HandleCommandOptions<Recipient, RecipientEvent, Decision>, 'decide' | 'maxAttempts'> {
    const { cache } = this.options;
    return {
      store: this.options.store,
      streamId,
      initialState: () => ({ state: initialRecipientState(), seenFacts: SeenFacts.empty() }),
      // The state it came from may still be cached or answered with: both folds leave it as it was.
      evolve: (recipient, events) => ({
        state: foldRecipient(events, recipient.state),
        seenFacts: recipient.seenFacts.with(events),
      }),
      read: (recorded) => fromStoredEvent(recorded, recorded.recordedAt),
      write: (event) => toStoredEvent(event),
      cache: {
        get: (id) => {
          const cached = cache.get(id);
          return cached === undefined ? undefined : { state: cached, revision: cached.revision };
        },
        set: (id, stream) => cache.set(id, toLoaded(stream)),
        delete: (id) => cache.delete(id),
      },
    };
  }
}

function toLoaded(stream: { state: Recipient; revision: number }): LoadedRecipient {
  return { state: stream.state.state, seenFacts: stream.state.seenFacts, revision: stream.revision };
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
