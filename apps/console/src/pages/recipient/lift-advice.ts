import type { PolicyDocument, StatusView } from '../../api/types';
import { formatTime } from '../../format';

/** What would make the address sendable again, in the terms support staff act on. */
export function liftAdvice(view: StatusView, policy: PolicyDocument | undefined): string {
  const correction = 'an address correction (POST /v1/corrections: mailbox re-created, typo fixed, re-confirmed)';
  switch (view.status) {
    case 'deliverable':
      return 'Nothing to lift: you may send.';
    case 'soft_bouncing':
      return `Nothing to lift yet; the run of soft bounces fades after the window${
        view.until === undefined ? '' : ` (at ${formatTime(view.until)})`
      }, and a successful delivery ends it.`;
    case 'quarantined':
      return `Lifts by itself at ${formatTime(view.until)}; a successful delivery or ${correction} lifts it sooner.`;
    case 'suppressed':
      return suppressedAdvice(view.cause, policy, correction);
    default: {
      const unknown: never = view.status;
      return unknown;
    }
  }
}

function suppressedAdvice(cause: string | undefined, policy: PolicyDocument | undefined, correction: string): string {
  if (cause === 'soft_bounce_limit') {
    return policy?.restoreOnDelivery === false
      ? `Only ${correction}: the policy in force does not restore on delivery.`
      : `A successful delivery restores it automatically (the policy restores on delivery), or ${correction}.`;
  }
  if (cause === 'hard_bounce') {
    return `Only ${correction}: a delivery never lifts a hard-bounce suppression.`;
  }
  if (cause === 'manual' || cause === 'imported') {
    return `Only ${correction}: deliveries do not lift a ${cause} suppression.`;
  }
  if (cause === 'complaint') {
    return `Only ${correction} that explicitly lifts the complaint too (liftComplaint: true, recorded in the audit): the recipient reported our mail.`;
  }
  if (cause === 'unsubscribed') {
    return `Only ${correction} after the recipient opted in again: the recipient asked for no more mail.`;
  }
  return `Only ${correction}.`;
}
