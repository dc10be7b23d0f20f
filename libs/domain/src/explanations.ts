import type { Classification, SmtpEvidence } from './classification';
import type { ComplaintReceived, RecipientEvent, Standing, SuppressionCause, UnsubscribeReceived } from './events';
import type { Policy } from './policy';
import type { StatusView } from './recipient-status';
import { formatDuration } from './duration';

/** Plain-language sentences for the audit; support staff read these, so they name numbers and codes. */

export function describeEvidence(smtp: SmtpEvidence | undefined, classification: Classification): string {
  const codes = [smtp?.replyCode, smtp?.enhancedStatus].filter((part) => part !== undefined).join(' ');
  const label = classification.reason.replace(/_/g, ' ');
  return codes === '' ? label : `${label} (${codes})`;
}

export function explainSuppression(cause: SuppressionCause, detail: string, policy: Policy): string {
  switch (cause) {
    case 'hard_bounce':
      return `Suppressed after a hard bounce: ${detail}. Policy ${policy.version} suppresses on the first hard bounce.`;
    case 'soft_bounce_limit':
      return (
        `Suppressed after ${policy.softBounceLimit} consecutive soft bounces within ` +
        `${formatDuration(policy.softBounceWindowMs)} (latest: ${detail}), under policy ${policy.version}.`
      );
    case 'manual':
      return `Suppressed by hand: ${detail}.`;
    case 'imported':
      return `Suppressed by import from another system's list: ${detail}.`;
    case 'complaint':
    case 'unsubscribed':
      return `Suppressed: ${detail}.`;
    case 'erased':
      return `Suppressed: the address was erased and kept on the do-not-send list: ${detail}.`;
    default: {
      const unknown: never = cause;
      return unknown;
    }
  }
}

/** e.g. "the recipient complained (abuse) via ses". */
export function describeComplaint(fact: ComplaintReceived): string {
  const { feedbackType, source } = fact.data;
  return `the recipient complained${feedbackType === undefined ? '' : ` (${feedbackType})`}${via(source)}`;
}

const UNSUBSCRIBE_METHODS: Readonly<Record<UnsubscribeReceived['data']['method'], string>> = {
  link: 'unsubscribe link',
  one_click: 'RFC 8058 one-click',
  mail: 'unsubscribe mail',
  provider: "the provider's unsubscribe",
};

/** e.g. "the recipient unsubscribed from every list (RFC 8058 one-click) via sendgrid". */
export function describeUnsubscribe(fact: UnsubscribeReceived): string {
  const { list, method, source } = fact.data;
  const from = list === undefined ? 'every list' : `list ${list}`;
  return `the recipient unsubscribed from ${from} (${UNSUBSCRIBE_METHODS[method]})${via(source)}`;
}

function via(source: string | undefined): string {
  return source === undefined ? '' : ` via ${source}`;
}

export function explainQuarantine(runLength: number, until: string, policy: Policy): string {
  return (
    `Quarantined until ${until} after ${runLength} consecutive soft bounces within ` +
    `${formatDuration(policy.softBounceWindowMs)}; policy ${policy.version} suppresses at ${policy.softBounceLimit}.`
  );
}

export function explainQuarantineLifted(triggerKind: 'delivery' | 'correction'): string {
  return `Quarantine lifted: a ${triggerKind} broke the run of soft bounces.`;
}

/** `liftedComplaint`: the correction overrode a complaint explicitly, which the audit must name. */
export function explainRestoration(
  previous: Standing,
  triggerKind: 'delivery' | 'correction',
  by?: string,
  liftedComplaint = false,
): string {
  const what = previous.kind === 'suppressed' ? `suppression (${previous.cause}: ${previous.reason})` : 'quarantine';
  if (triggerKind === 'delivery') {
    return `Restored automatically: a successful delivery ended the soft-bounce run behind the ${what}.`;
  }
  const who = by === undefined ? '' : ` by ${by}`;
  const override =
    liftedComplaint && previous.kind === 'suppressed' && previous.cause === 'complaint'
      ? ', which lifted the complaint by explicit override'
      : '';
  return `Restored after an address correction${who}${override}: the ${what} no longer applies.`;
}

export function explainRevert(restorationId: string, by: string): string {
  return `Restoration ${restorationId} reverted by ${by}: the recipient is back in the state it had before it.`;
}

/** `before` is the answer under the policy replaced, `after` the one under the policy adopted. */
export function explainReevaluation(before: StatusView, after: StatusView, policy: Policy, by: string): string {
  return `Re-evaluated under policy ${policy.version} by ${by}: ${describeAnswer(before)} -> ${describeAnswer(after)}.`;
}

/** "May I send?" in words, with the cause or the end of the period when there is one. */
export function describeAnswer(view: StatusView): string {
  switch (view.status) {
    case 'suppressed':
      return `suppressed (${view.cause ?? 'no cause'}: ${view.reason ?? 'no reason'})`;
    case 'quarantined':
      return `quarantined until ${view.until ?? 'further notice'}`;
    case 'soft_bouncing':
      return `soft bouncing until ${view.until ?? 'further notice'}`;
    case 'deliverable':
      return 'deliverable';
    default: {
      const unknown: never = view.status;
      return unknown;
    }
  }
}

export function describeStanding(standing: Standing): string {
  switch (standing.kind) {
    case 'clear':
      return 'not suppressed';
    case 'quarantined':
      return `quarantined until ${standing.until}`;
    case 'suppressed':
      return `suppressed (${standing.cause}: ${standing.reason})`;
    default: {
      const unknown: never = standing;
      return unknown;
    }
  }
}

/** One sentence per event for the audit: what happened, or what was decided and why. */
export function explainEvent(event: RecipientEvent): string {
  switch (event.type) {
    case 'BounceReceived': {
      const { classification, smtp, source } = event.data;
      const counts = classification.countsAgainstRecipient
        ? 'counts against the recipient'
        : 'is a sender-side problem and does not count against the recipient';
      const from = source === undefined ? '' : ` from ${source}`;
      return (
        `Bounce${from}: ${describeEvidence(smtp, classification)}, classified ${classification.class} ` +
        `by rule ${classification.rule}; it ${counts}.`
      );
    }
    case 'DeliverySucceeded':
      return `Delivered successfully${event.data.source === undefined ? '' : ` (${event.data.source})`}.`;
    case 'AddressCorrected': {
      const { by, note, liftComplaint } = event.data;
      const override = liftComplaint === true ? ', lifting any complaint by explicit override' : '';
      return `Address confirmed fixed by ${by}${override}${note === undefined ? '' : `: ${note}`}.`;
    }
    case 'ComplaintReceived': {
      const { evidence } = event.data;
      return `Complaint: ${describeComplaint(event)}${evidence === undefined ? '' : ` ("${evidence}")`}.`;
    }
    case 'UnsubscribeReceived': {
      const { evidence, list } = event.data;
      const scope = list === undefined ? '' : `; it applies to that list only and does not suppress the address`;
      return `Unsubscribe: ${describeUnsubscribe(event)}${evidence === undefined ? '' : ` ("${evidence}")`}${scope}.`;
    }
    case 'SuppressionRequested':
      return event.data.cause === 'manual'
        ? `Suppression requested by ${event.data.by}${event.data.note === undefined ? '' : `: ${event.data.note}`}.`
        : `Suppression imported by ${event.data.by} (${event.data.reason ?? 'no reason given'}).`;
    case 'RestorationReverted':
      return explainRevert(event.data.restorationId, event.data.by);
    case 'RecipientQuarantined':
    case 'QuarantineLifted':
    case 'RecipientSuppressed':
    case 'RecipientRestored':
    case 'RecipientReevaluated':
      return event.data.explanation;
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
