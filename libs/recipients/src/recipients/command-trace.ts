import type { RecipientEvent } from '@app/domain';
import type { EventTrace } from '@app/event-store';

/**
 * Where a command came from, kept in the trace of every event it appends: the request or delivery it belongs to
 * (`correlationId`), what caused it (`causationId`: a provider's message id, say) and the entry point (`source`:
 * `http`, `webhook:<provider>`, `mail`, `cli:<command>`).
 */
export type CommandTrace = EventTrace;

/**
 * The trace of each event a command appends. A command's first event is the fact it records, caused by what the
 * caller names; the decisions after it in the same command were caused by that fact.
 */
export class EventCauses {
  private readonly causes = new WeakMap<RecipientEvent, string>();

  /** Notes one command's events, in the order decided. */
  note(events: readonly RecipientEvent[]): void {
    const [fact, ...decisions] = events;
    if (fact !== undefined) {
      decisions.forEach((decision) => this.causes.set(decision, fact.eventId));
    }
  }

  traceOf(event: RecipientEvent, trace: CommandTrace | undefined): EventTrace {
    const causationId = this.causes.get(event) ?? trace?.causationId;
    return {
      ...(trace?.correlationId !== undefined ? { correlationId: trace.correlationId } : {}),
      ...(causationId !== undefined ? { causationId } : {}),
      ...(trace?.source !== undefined ? { source: trace.source } : {}),
    };
  }
}
