import { Inject } from '@nestjs/common';
import { QueryHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import type { RecipientEvent } from '@app/domain';
import { auditTrail, fromStoredEvent, softBounceRun, statusAt } from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { EventActor } from '@app/recipients';
import { actorOf, readStreamOrNothing } from '@app/recipients';
import { ProblemError } from '../http/problem-details';
import { CurrentPolicy } from '@app/recipients';
import { Clock } from '@app/recipients';
import { EVENT_STORE } from '../stores/tokens';
import { normalisedAddress } from './normalised-address';
import { RecipientCommandLoop } from '@app/recipients';
import { AllowlistRegistry, DoNotSendRegistry } from '@app/recipients';
import { allowlistNote, isWithholdable } from './allowlist-note';
import { GetRecipientHistoryQuery, GetRecipientQuery } from './recipient-queries';
import type { HistoryEntry, RecipientHistoryResponse, RecipientStateResponse } from './recipient.responses';

@QueryHandler(GetRecipientQuery)
export class GetRecipientHandler implements IQueryHandler<GetRecipientQuery> {
  constructor(
    private readonly loop: RecipientCommandLoop,
    private readonly policy: CurrentPolicy,
    private readonly clock: Clock,
    private readonly allowlist: AllowlistRegistry,
    private readonly doNotSend: DoNotSendRegistry,
  ) {}

  async execute({ address }: GetRecipientQuery): Promise<RecipientStateResponse> {
    const normalised = normalisedAddress(address);
    const { state, revision } = await this.loop.load(this.loop.streamIdOf(normalised));
    if (revision < 0) {
      throw ProblemError.notFound(`No events are recorded for ${normalised}`, 'address');
    }
    const policy = this.policy.get();
    const iso = (ms: number) => new Date(ms).toISOString();
    const view = statusAt(state, policy, this.clock.now());
    const note = allowlistNote(
      this.allowlist.matching(normalised),
      isWithholdable(view.status)
        ? { status: view.status, ...(view.cause === undefined ? {} : { cause: view.cause }) }
        : undefined,
      this.doNotSend.entryFor(normalised) !== undefined,
    );
    return {
      address: normalised,
      ...view,
      standing: state.standing,
      run: softBounceRun(state, policy).map((bounce) => ({ ...bounce, occurredAt: iso(bounce.occurredAt) })),
      lastDelivery:
        state.lastDeliveryAt === null
          ? null
          : { eventId: state.lastDeliveryEventId, occurredAt: iso(state.lastDeliveryAt) },
      restoration: state.restoration,
      policyVersion: policy.version,
      streamRevision: revision,
      ...(note === undefined ? {} : { allowlisted: note }),
    };
  }
}

@QueryHandler(GetRecipientHistoryQuery)
export class GetRecipientHistoryHandler implements IQueryHandler<GetRecipientHistoryQuery> {
  constructor(
    private readonly loop: RecipientCommandLoop,
    private readonly policy: CurrentPolicy,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly allowlist: AllowlistRegistry,
    private readonly doNotSend: DoNotSendRegistry,
  ) {}

  async execute({ address }: GetRecipientHistoryQuery): Promise<RecipientHistoryResponse> {
    const normalised = normalisedAddress(address);
    // Read as recorded, metadata and all: the metadata names the token each event came with.
    const recorded = await readStreamOrNothing(this.store, this.loop.streamIdOf(normalised));
    if (recorded.length === 0) {
      throw ProblemError.notFound(`No events are recorded for ${normalised}`, 'address');
    }
    const events = recorded.map((event) => fromStoredEvent(event, event.recordedAt));
    const actors = new Map(recorded.map((event) => [event.eventId, actorOf(event.metadata)]));
    const entries = this.audit(events, actors);
    // The last decision that would have kept mail from the address, which the allowlist withheld from checks.
    const withheld = entries.findLast((entry) => isWithholdable(entry.statusAfter));
    const note = allowlistNote(
      this.allowlist.matching(normalised),
      withheld !== undefined && isWithholdable(withheld.statusAfter)
        ? { status: withheld.statusAfter, revision: withheld.revision }
        : undefined,
      this.doNotSend.entryFor(normalised) !== undefined,
    );
    return { address: normalised, events: entries, ...(note === undefined ? {} : { allowlisted: note }) };
  }

  /** Status before and after each event, as it read at the moment the event was recorded. */
  private audit(events: RecipientEvent[], actors: Map<string, EventActor | undefined>): HistoryEntry[] {
    return auditTrail(events, this.policy.get()).map(({ revision, event, statusBefore, statusAfter, explanation }) => {
      const { address: _address, ...data } = event.data as { address: string } & Record<string, unknown>;
      const entry: HistoryEntry = {
        revision,
        eventId: event.eventId,
        type: event.type,
        recordedAt: event.recordedAt,
        statusBefore,
        statusAfter,
        explanation,
        data,
      };
      if (typeof data.occurredAt === 'string') {
        entry.occurredAt = data.occurredAt;
      }
      const actor = actors.get(event.eventId);
      if (actor !== undefined) {
        entry.actor = actor;
      }
      return entry;
    });
  }
}
