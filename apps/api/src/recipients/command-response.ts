import type { Decision, DecisionEvent, Policy } from '@app/domain';
import { statusAt } from '@app/domain';
import { ProblemError } from '../http/problem-details';
import type { CommandOutcome } from '@app/recipients';

export interface DecisionSummary {
  type: DecisionEvent['type'];
  cause?: string;
  reason?: string;
  until?: string;
  restorationId?: string;
  explanation: string;
}

export interface CommandResponse {
  eventId: string;
  address: string;
  status: string;
  suppressed: boolean;
  restored: boolean;
  /** Present when this command changed the recipient's standing. */
  decision?: DecisionSummary;
  restorationId?: string;
  /** True when a delivery was acknowledged without an append: it could change nothing. */
  recorded: boolean;
  /**
   * The log position of the recipient's last event after the command (the one it recorded, or one past the event it
   * found); `Read-After: <position>` on a query waits until the read model shows it. "0": no event to wait for.
   */
  position: string;
}

/** 201 for a new event, 200 for a duplicate or an acknowledged no-op; rejections become problems. */
export function toCommandResponse(
  outcome: CommandOutcome,
  address: string,
  policy: Policy,
  now: number,
): { httpStatus: 200 | 201; body: CommandResponse } {
  const { decision, recipient } = outcome;
  if (decision.outcome === 'rejected') {
    throw rejectionProblem(decision);
  }
  const view = statusAt(recipient.state, policy, now);
  const body: CommandResponse = {
    eventId: decision.eventId,
    address,
    status: view.status,
    suppressed: view.suppressed,
    restored: view.restored,
    recorded: decision.outcome === 'recorded',
    position: (recipient.position ?? 0n).toString(),
  };
  if (decision.outcome === 'recorded') {
    const last = decision.decisions[decision.decisions.length - 1];
    if (last !== undefined) {
      body.decision = summarise(last);
    }
    const restored = decision.decisions.find((event) => event.type === 'RecipientRestored');
    if (restored?.type === 'RecipientRestored') {
      body.restorationId = restored.data.restorationId;
    }
  }
  return { httpStatus: decision.outcome === 'recorded' ? 201 : 200, body };
}

export function rejectionProblem(decision: Extract<Decision, { outcome: 'rejected' }>): ProblemError {
  const errors = decision.field === undefined ? [] : [{ field: decision.field, message: decision.message }];
  switch (decision.code) {
    case 'invalid':
      return ProblemError.badRequest(decision.message, errors);
    case 'not_found':
      return ProblemError.notFound(decision.message, decision.field);
    case 'conflict':
      return ProblemError.conflict(decision.message, decision.field);
    default: {
      const unknown: never = decision.code;
      return unknown;
    }
  }
}

function summarise(event: DecisionEvent): DecisionSummary {
  const summary: DecisionSummary = { type: event.type, explanation: event.data.explanation };
  switch (event.type) {
    case 'RecipientSuppressed':
      return { ...summary, cause: event.data.cause, reason: event.data.reason };
    case 'RecipientQuarantined':
      return { ...summary, until: event.data.until };
    case 'RecipientRestored':
      return { ...summary, restorationId: event.data.restorationId };
    case 'QuarantineLifted':
    case 'RecipientReevaluated':
      return summary;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
