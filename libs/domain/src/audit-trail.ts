import type { RecipientEvent } from './events';
import { explainEvent } from './explanations';
import type { Policy } from './policy';
import { evolve, initialRecipientState } from './recipient-state';
import type { RecipientStatus } from './recipient-status';
import { statusAt } from './recipient-status';

/** One event of a recipient's history, as support staff read it. */
export interface AuditEntry {
  /** Position of the event in the recipient's stream, from 0. */
  revision: number;
  event: RecipientEvent;
  /** The answer just before the event and just after it, both as they read at the moment it was recorded. */
  statusBefore: RecipientStatus;
  statusAfter: RecipientStatus;
  /** What happened, or what was decided and why, in plain language. */
  explanation: string;
}

/** A recipient's stream (in revision order) told event by event under `policy`. */
export function auditTrail(events: readonly RecipientEvent[], policy: Policy): AuditEntry[] {
  let state = initialRecipientState();
  return events.map((event, revision) => {
    const at = Date.parse(event.recordedAt);
    const statusBefore = statusAt(state, policy, at).status;
    state = evolve(state, event);
    return {
      revision,
      event,
      statusBefore,
      statusAfter: statusAt(state, policy, at).status,
      explanation: explainEvent(event),
    };
  });
}
