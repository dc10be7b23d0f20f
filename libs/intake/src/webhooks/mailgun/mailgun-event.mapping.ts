/**
 * Mailgun webhooks (one `event-data` per request) mapped onto the intake vocabulary.
 *
 * | `event-data.event` | Becomes |
 * |---|---|
 * | failed, severity permanent | bounce: `delivery-status` code, enhanced-code, message and description as SMTP evidence, `bounce-code` as DSN status, verdict `{ mailgun, permanent, reason }` |
 * | failed, permanent, reason `suppress-*` | ignored `provider_suppression:<reason>` (Mailgun's own list echoed) |
 * | failed, severity temporary | ignored `deferred` (Mailgun keeps retrying) |
 * | delivered | delivery |
 * | complained | complaint |
 * | unsubscribed | unsubscribe, method `provider` |
 * | rejected | ignored `rejected` (Mailgun refused the message itself) |
 * | accepted, opened, clicked, stored | ignored under the event's name |
 * | anything else | ignored `unknown_type:<name>` |
 *
 * Event ids derive from `event-data.id` together with its timestamp (Mailgun keeps ids unique for about a day only).
 */
import type { IntakeCommand, IntakeOutcome } from '../../intake-command';
import {
  bounded,
  enhancedStatus,
  ignored,
  invalid,
  isJsonObject,
  MAX_MESSAGE_ID_LENGTH,
  MAX_VERDICT_LABEL_LENGTH,
  objectField,
  smtpEvidence,
  textField,
  withoutUndefined,
} from '../payload-fields';
import type { JsonObject } from '../payload-fields';
import { isoFromUnixSeconds } from '../provider-time';
import { webhookEventId } from '../webhook-event-id';

export const MAILGUN_SOURCE = 'mailgun';

const IGNORED_EVENTS: ReadonlySet<string> = new Set(['accepted', 'opened', 'clicked', 'stored', 'rejected']);
const COMMAND_KINDS: Readonly<Record<string, IntakeCommand['kind']>> = {
  failed: 'bounce',
  delivered: 'delivery',
  complained: 'complaint',
  unsubscribed: 'unsubscribe',
};

export function mapMailgunEvent(payload: unknown): IntakeOutcome[] {
  const data = isJsonObject(payload) ? objectField(payload, 'event-data') : undefined;
  if (data === undefined) {
    return [invalid('event-data', 'expected the event-data object')];
  }
  return [mapEventData(data)];
}

function mapEventData(data: JsonObject): IntakeOutcome {
  const event = textField(data, 'event');
  if (event === undefined) {
    return invalid('event-data.event', 'expected the event type');
  }
  const address = textField(data, 'recipient');
  const kind = COMMAND_KINDS[event];
  if (kind === undefined) {
    return ignored(IGNORED_EVENTS.has(event) ? event : `unknown_type:${event}`, address);
  }
  if (kind === 'bounce') {
    const severity = textField(data, 'severity');
    if (severity !== 'permanent' && severity !== 'temporary') {
      return invalid('event-data.severity', 'expected permanent or temporary on a failed event');
    }
    const reason = textField(data, 'reason');
    if (severity === 'temporary') {
      return ignored('deferred', address);
    }
    if (reason?.startsWith('suppress-') === true) {
      return ignored(`provider_suppression:${reason}`, address);
    }
  }
  if (address === undefined) {
    return invalid('event-data.recipient', 'expected the recipient address');
  }
  const occurredAt = isoFromUnixSeconds(data.timestamp);
  if (occurredAt === undefined) {
    return invalid('event-data.timestamp', 'expected UNIX seconds');
  }
  const providerEventId = textField(data, 'id') ?? '';
  const eventId = webhookEventId({ source: MAILGUN_SOURCE, providerEventId, address, kind, occurredAt });
  const base = { address, occurredAt, eventId, source: MAILGUN_SOURCE, messageId: messageIdOf(data) };
  switch (kind) {
    case 'bounce':
      return withoutUndefined({ kind, ...base, ...bounceEvidence(data) });
    case 'delivery':
      return withoutUndefined({ kind, ...base });
    case 'complaint':
      return withoutUndefined({ kind, ...base });
    case 'unsubscribe':
      return withoutUndefined({ kind, ...base, method: 'provider' as const });
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}

function bounceEvidence(data: JsonObject) {
  const status = objectField(data, 'delivery-status') ?? {};
  const message = textField(status, 'message');
  const description = textField(status, 'description');
  const diagnostic = [message, description === message ? undefined : description]
    .filter((text) => text !== undefined)
    .join(' ');
  return {
    smtp: smtpEvidence({
      replyCode: status.code,
      enhancedStatus: textField(status, 'enhanced-code'),
      diagnostic,
    }),
    providerVerdict: withoutUndefined({
      provider: MAILGUN_SOURCE,
      type: 'permanent',
      subType: bounded(textField(data, 'reason'), MAX_VERDICT_LABEL_LENGTH),
    }),
    // On a bounce that came back after acceptance: the Status of the DSN Mailgun received.
    dsnStatus: enhancedStatus(textField(status, 'bounce-code')),
  };
}

function messageIdOf(data: JsonObject): string | undefined {
  const headers = objectField(objectField(data, 'message') ?? {}, 'headers') ?? {};
  return bounded(textField(headers, 'message-id'), MAX_MESSAGE_ID_LENGTH);
}
