/**
 * SES notifications (`notificationType`) and event-publishing records (`eventType`), delivered through SNS, mapped
 * onto the intake vocabulary. One outcome per recipient unless the row says otherwise.
 *
 * | SES type | Becomes |
 * |---|---|
 * | Bounce, any bounceType (Transient is SES's final give-up) and any subtype not below | bounce: `status` as DSN status, `diagnosticCode` as SMTP evidence, verdict `{ ses, bounceType, bounceSubType }` |
 * | Bounce, subtype Suppressed | ignored `provider_suppression:ses_suppressed` (never attempted) |
 * | Bounce, subtype OnAccountSuppressionList | ignored `provider_suppression:ses_account_suppression_list` |
 * | Bounce recipient with `action: delayed` | ignored `deferred` |
 * | Complaint | complaint, feedbackType = `complaintFeedbackType` |
 * | Complaint, complaintSubType OnAccountSuppressionList | ignored `provider_suppression:ses_account_suppression_list` |
 * | Complaint, complaintFeedbackType `not-spam` | ignored `not_spam` (the opposite of a complaint) |
 * | Delivery | delivery |
 * | DeliveryDelay | ignored `delivery_delay`: a delay never counts |
 * | Send, Open, Click | ignored `send`, `open`, `click` (one per notification) |
 * | Reject | ignored `reject` (SES refused the message itself) |
 * | Rendering Failure | ignored `rendering_failure` (our template) |
 * | Subscription | ignored `subscription_preferences` (the reference does not describe its fields) |
 * | anything else | ignored `unknown_type:<name>` |
 * | SubscriptionConfirmation, UnsubscribeConfirmation | ignored; the app confirms from the verified envelope |
 *
 * Event ids derive from `feedbackId` (bounces, complaints) or the SES message id (deliveries), so the same bounce
 * redelivered, or published through a second topic, is one event.
 */
import type { IntakeOutcome } from '../../intake-command';
import {
  bounded,
  ignored,
  invalid,
  isJsonObject,
  MAX_MESSAGE_ID_LENGTH,
  objectField,
  textField,
  withoutUndefined,
} from '../payload-fields';
import { isoFromTimestamp } from '../provider-time';
import { webhookEventId } from '../webhook-event-id';
import type { SnsEnvelope } from './sns-envelope';
import { mapSesBounce } from './ses-bounce.mapping';
import { addressesOnly, recipientsOf, SES_SOURCE } from './ses-recipients';
import type { SesContext } from './ses-recipients';

const IGNORED_TYPES: Readonly<Record<string, string>> = {
  Send: 'send',
  Open: 'open',
  Click: 'click',
  Reject: 'reject',
  'Rendering Failure': 'rendering_failure',
  RenderingFailure: 'rendering_failure',
  Subscription: 'subscription_preferences',
};

export function mapSesNotification(envelope: SnsEnvelope): IntakeOutcome[] {
  if (envelope.type !== 'Notification') {
    return [
      ignored(envelope.type === 'SubscriptionConfirmation' ? 'subscription_confirmation' : 'unsubscribe_confirmation'),
    ];
  }
  const document = parseJson(envelope.message);
  if (!isJsonObject(document)) {
    return [invalid('Message', 'expected the SES notification as a JSON object')];
  }
  const type = textField(document, 'notificationType') ?? textField(document, 'eventType');
  if (type === undefined) {
    return [invalid('Message.notificationType', 'expected notificationType or eventType')];
  }
  const mail = objectField(document, 'mail') ?? {};
  const context: SesContext = {
    messageId: bounded(textField(mail, 'messageId'), MAX_MESSAGE_ID_LENGTH),
    snsMessageId: envelope.messageId,
  };
  switch (type) {
    case 'Bounce':
      return mapSesBounce(document.bounce, context);
    case 'Complaint':
      return mapComplaint(document.complaint, context);
    case 'Delivery':
      return mapDelivery(document.delivery, context);
    case 'DeliveryDelay':
      return mapDeliveryDelay(document.deliveryDelay);
    default:
      return [ignored(IGNORED_TYPES[type] ?? `unknown_type:${type}`)];
  }
}

function mapComplaint(value: unknown, context: SesContext): IntakeOutcome[] {
  if (!isJsonObject(value)) {
    return [invalid('Message.complaint', 'expected an object')];
  }
  const subType = textField(value, 'complaintSubType');
  const feedbackType = textField(value, 'complaintFeedbackType');
  const recipients = recipientsOf(value, 'complainedRecipients', 'Message.complaint');
  if (subType === 'OnAccountSuppressionList') {
    return addressesOnly(recipients, 'provider_suppression:ses_account_suppression_list');
  }
  if (feedbackType?.toLowerCase() === 'not-spam') {
    return addressesOnly(recipients, 'not_spam');
  }
  const occurredAt = isoFromTimestamp(value.timestamp);
  if (occurredAt === undefined) {
    return [invalid('Message.complaint.timestamp', 'expected an ISO 8601 time with a zone')];
  }
  const providerEventId = textField(value, 'feedbackId') ?? context.messageId ?? context.snsMessageId;
  return recipients.map((recipient) => {
    if (recipient.kind === 'invalid') {
      return recipient;
    }
    const { address } = recipient;
    const eventId = webhookEventId({ source: SES_SOURCE, providerEventId, address, kind: 'complaint', occurredAt });
    return withoutUndefined({
      kind: 'complaint' as const,
      address,
      occurredAt,
      eventId,
      source: SES_SOURCE,
      messageId: context.messageId,
      feedbackType,
    });
  });
}

function mapDelivery(value: unknown, context: SesContext): IntakeOutcome[] {
  if (!isJsonObject(value)) {
    return [invalid('Message.delivery', 'expected an object')];
  }
  const occurredAt = isoFromTimestamp(value.timestamp);
  if (occurredAt === undefined) {
    return [invalid('Message.delivery.timestamp', 'expected an ISO 8601 time with a zone')];
  }
  const recipients = value.recipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    return [invalid('Message.delivery.recipients', 'expected a non-empty array of addresses')];
  }
  const providerEventId = context.messageId ?? context.snsMessageId;
  return recipients.map((address: unknown, index) => {
    if (typeof address !== 'string' || address.trim() === '') {
      return invalid(`Message.delivery.recipients[${index}]`, 'expected an address');
    }
    const eventId = webhookEventId({ source: SES_SOURCE, providerEventId, address, kind: 'delivery', occurredAt });
    return withoutUndefined({
      kind: 'delivery' as const,
      address,
      occurredAt,
      eventId,
      source: SES_SOURCE,
      messageId: context.messageId,
    });
  });
}

/** A delay is SES still retrying: never a bounce, whatever its type. */
function mapDeliveryDelay(value: unknown): IntakeOutcome[] {
  const recipients = isJsonObject(value) ? recipientsOf(value, 'delayedRecipients', 'Message.deliveryDelay') : [];
  const outcomes = addressesOnly(recipients, 'delivery_delay');
  return outcomes.length === 0 ? [ignored('delivery_delay')] : outcomes;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
