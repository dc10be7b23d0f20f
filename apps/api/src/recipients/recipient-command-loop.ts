import { Inject, Injectable } from '@nestjs/common';
import type { Decision, RecipientCommand, RecipientEvent } from '@app/domain';
import { decide, foldRecipient, fromStoredEvent, indexFacts, toStoredEvent } from '@app/domain';
import type { EventStore } from '@app/event-store';
import {
  DuplicateEventIdError,
  recipientStreamId,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { CurrentPolicy } from '../policy/current-policy';
import { ADDRESS_HASH_KEY, ENVIRONMENT, EVENT_STORE } from '../stores/tokens';
import type { Environment } from '../config/env';
import { Clock } from './clock';
import type { LoadedRecipient } from './recipient-state-cache';
import { RecipientStateCache } from './recipient-state-cache';
import { CommandMetrics } from '../metrics/command-metrics';

/** Revision conflicts are retried this many times before the command fails with nothing recorded. */
const MAX_ATTEMPTS = 8;

export interface CommandOutcome {
  decision: Decision;
  recipient: LoadedRecipient;
}

/**
 * The one load -> decide -> append loop every command goes through. The append carries the revision the state was
 * read at, so two concurrent commands on one recipient can never both build on the same past: the loser reloads.
 */
@Injectable()
export class RecipientCommandLoop {
  /** The last command queued per recipient stream in this process; removed once the stream's queue is empty. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ADDRESS_HASH_KEY) private readonly addressHashKey: string,
    @Inject(ENVIRONMENT) private readonly env: Environment,
    private readonly policy: CurrentPolicy,
    private readonly cache: RecipientStateCache,
    private readonly clock: Clock,
    private readonly metrics: CommandMetrics,
  ) {}

  async execute(command: RecipientCommand): Promise<CommandOutcome> {
    const stopTimer = this.metrics.startTimer(command.type);
    try {
      const streamId = this.streamIdOf(command.address);
      const outcome = await this.oneAtATime(streamId, () => this.attempt(streamId, command));
      this.metrics.recordOutcome(command.type, outcome.decision);
      return outcome;
    } catch (error) {
      this.metrics.recordFailure(command.type);
      throw error;
    } finally {
      stopTimer();
    }
  }

  streamIdOf(address: string): string {
    return recipientStreamId(address, this.addressHashKey);
  }

  /** Reads a recipient through the cache. */
  async load(streamId: string): Promise<LoadedRecipient> {
    const cached = this.cache.get(streamId);
    if (cached !== undefined) {
      return cached;
    }
    const events = await this.readStream(streamId);
    const loaded: LoadedRecipient = {
      state: foldRecipient(events),
      seenFacts: indexFacts(events),
      revision: events.length - 1,
    };
    this.cache.set(streamId, loaded);
    return loaded;
  }

  async readStream(streamId: string): Promise<RecipientEvent[]> {
    try {
      const recorded = await this.store.readStream(streamId);
      return recorded.map((event) => fromStoredEvent(event, event.recordedAt));
    } catch (error) {
      if (error instanceof StreamNotFoundError) {
        return [];
      }
      throw error;
    }
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

  private async attempt(streamId: string, command: RecipientCommand): Promise<CommandOutcome> {
    let lastConflict: WrongExpectedRevisionError | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const recipient = await this.load(streamId);
      const decision = decide(command, recipient.state, {
        policy: this.policy.get(),
        now: this.clock.now(),
        seenFacts: recipient.seenFacts,
        maxClockSkewMs: this.env.MAX_CLOCK_SKEW_SECONDS * 1000,
      });
      if (decision.outcome !== 'recorded') {
        return { decision, recipient };
      }
      try {
        const expected = recipient.revision < 0 ? 'no_stream' : recipient.revision;
        const stored = decision.events.map((event) => toStoredEvent(event));
        const result = await this.store.append(streamId, stored, expected);
        const next: LoadedRecipient = {
          state: decision.state,
          seenFacts: indexFacts(decision.events, new Map(recipient.seenFacts)),
          revision: result.nextExpectedRevision,
        };
        this.cache.set(streamId, next);
        return { decision, recipient: next };
      } catch (error) {
        this.cache.delete(streamId);
        if (error instanceof WrongExpectedRevisionError) {
          lastConflict = error;
          continue;
        }
        if (error instanceof DuplicateEventIdError) {
          return { decision: duplicateIdElsewhere(error), recipient: await this.load(streamId) };
        }
        throw error;
      }
    }
    throw lastConflict ?? new WrongExpectedRevisionError(streamId, 'any', -1);
  }
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
