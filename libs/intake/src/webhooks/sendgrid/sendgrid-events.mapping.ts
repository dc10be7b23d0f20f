/**
 * SendGrid Event Webhook batches (a JSON array) mapped onto the intake vocabulary: one outcome per item, in order,
 * so an item that cannot be read yields an `invalid` naming its index and field and never drops the others.
 *
 * | `event` | Becomes |
 * |---|---|
 * | bounce, `type` bounce or blocked | bounce: `status`, `reason` as SMTP evidence, verdict `{ sendgrid, type, bounce_classification }` |
 * | dropped: Bounced Address, Unsubscribed Address, Spam Reporting Address | ignored `provider_suppression:<reason>` (SendGrid's list echoed) |
 * | dropped, any other reason | ignored `dropped:<reason>` (never attempted, says nothing new) |
 * | deferred | ignored `deferred` |
 * | delivered | delivery |
 * | spamreport | complaint, feedbackType `spamreport` |
 * | unsubscribe | unsubscribe, method `provider`, every list |
 * | group_unsubscribe | unsubscribe, method `provider`, list = `asm_group_id` |
 * | group_resubscribe, processed, open, click, account_status_change | ignored under the event's name |
 * | anything else | ignored `unknown_type:<name>` |
 *
 * A block (`type: blocked`) is usually the sender's problem; the classifier reads that from the codes and the verdict.
 * Event ids derive from `sg_event_id`, SendGrid's dedupe key, so a redelivered batch repeats every id.
 */
import type { IntakeCommand, IntakeOutcome } from '../../intake-command';
import {
  bounded,
  ignored,
  invalid,
  isJsonObject,
  MAX_EVIDENCE_LENGTH,
  MAX_MESSAGE_ID_LENGTH,
  MAX_VERDICT_LABEL_LENGTH,
  reasonSlug,
  smtpEvidence,
  textField,
  withoutUndefined,
} from '../payload-fields';
import type { JsonObject } from '../payload-fields';
import { isoFromUnixSeconds } from '../provider-time';
import { webhookEventId } from '../webhook-event-id';

export const SENDGRID_SOURCE = 'sendgrid';

const IGNORED_EVENTS: Readonly<Record<string, string>> = {
  deferred: 'deferred',
  processed: 'processed',
  open: 'open',
  click: 'click',
  group_resubscribe: 'group_resubscribe',
  account_status_change: 'account_status_change',
};

// Drops SendGrid makes because of its own suppression lists: evidence of an earlier event, not a new one.
const SUPPRESSION_DROPS: ReadonlySet<string> = new Set([
  'bounced_address',
  'unsubscribed_address',
  'spam_reporting_address',
]);

export function mapSendgridEvents(payload: unknown): IntakeOutcome[] {
  if (!Array.isArray(payload)) {
    return [invalid('', 'expected a JSON array of events')];
  }
  return payload.map((item: unknown, index) => mapItem(item, `[${index}]`));
}

// The events that record something, and as what.
const COMMAND_KINDS: Readonly<Record<string, IntakeCommand['kind']>> = {
  bounce: 'bounce',
  delivered: 'delivery',
  spamreport: 'complaint',
  unsubscribe: 'unsubscribe',
  group_unsubscribe: 'unsubscribe',
};

function mapItem(item: unknown, path: string): IntakeOutcome {
  if (!isJsonObject(item)) {
    return invalid(path, 'expected an event object');
  }
  const event = textField(item, 'event');
  if (event === undefined) {
    return invalid(`${path}.event`, 'expected the event type');
  }
  const address = textField(item, 'email');
  const kind = COMMAND_KINDS[event];
  if (kind === undefined) {
    const reason = event === 'dropped' ? droppedReason(item) : (IGNORED_EVENTS[event] ?? `unknown_type:${event}`);
    return ignored(reason, address);
  }
  if (address === undefined) {
    return invalid(`${path}.email`, 'expected the recipient address');
  }
  const occurredAt = isoFromUnixSeconds(item.timestamp);
  if (occurredAt === undefined) {
    return invalid(`${path}.timestamp`, 'expected UNIX seconds');
  }
  const messageId = messageIdOf(item);
  const providerEventId = textField(item, 'sg_event_id') ?? messageId ?? '';
  const eventId = webhookEventId({ source: SENDGRID_SOURCE, providerEventId, address, kind, occurredAt });
  const base = { address, occurredAt, eventId, source: SENDGRID_SOURCE, messageId };
  switch (kind) {
    case 'bounce':
      return withoutUndefined({
        kind,
        ...base,
        smtp: smtpEvidence({ enhancedStatus: textField(item, 'status'), diagnostic: textField(item, 'reason') }),
        providerVerdict: withoutUndefined({
          provider: SENDGRID_SOURCE,
          type: bounded(textField(item, 'type') ?? 'bounce', MAX_VERDICT_LABEL_LENGTH),
          subType: bounded(textField(item, 'bounce_classification'), MAX_VERDICT_LABEL_LENGTH),
        }),
      });
    case 'delivery':
      return withoutUndefined({ kind, ...base });
    case 'complaint':
      return withoutUndefined({ kind, ...base, feedbackType: 'spamreport' });
    case 'unsubscribe': {
      if (event !== 'group_unsubscribe') {
        return withoutUndefined({ kind, ...base, method: 'provider' as const });
      }
      // Without its group a group unsubscribe would read as leaving every list.
      const list = textField(item, 'asm_group_id');
      return list === undefined
        ? invalid(`${path}.asm_group_id`, 'expected the unsubscribe group of a group_unsubscribe')
        : withoutUndefined({ kind, ...base, method: 'provider' as const, list: bounded(list, MAX_EVIDENCE_LENGTH) });
    }
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function droppedReason(item: JsonObject): string {
  const reason = reasonSlug(textField(item, 'reason') ?? '');
  return SUPPRESSION_DROPS.has(reason) ? `provider_suppression:${reason}` : `dropped:${reason}`;
}

/** `sg_message_id`, or the `smtp-id` header when SendGrid left it out (asynchronous bounces). */
function messageIdOf(item: JsonObject): string | undefined {
  return bounded(textField(item, 'sg_message_id') ?? textField(item, 'smtp-id'), MAX_MESSAGE_ID_LENGTH);
}
