/**
 * Postmark webhooks (one record per request, routed by `RecordType`) mapped onto the intake vocabulary.
 *
 * | RecordType / bounce `Type` | Becomes |
 * |---|---|
 * | Bounce: HardBounce, BadEmailAddress, SoftBounce, Transient, DnsError, Unknown, any type not listed here | bounce: `Details` as SMTP evidence, verdict `{ postmark, Type }`; may count against the address |
 * | Bounce: Blocked, DMARCPolicy, SpamNotification, VirusNotification, TemplateRenderingFailed | bounce, same evidence; the classifier reads them as the sender's problem, never counted |
 * | Bounce: SpamComplaint | complaint |
 * | Bounce: Unsubscribe | unsubscribe, method `mail` (a request sent back), list = `MessageStream` |
 * | Bounce: AutoResponder | ignored `auto_reply` |
 * | Bounce: Subscribe, AddressChange, ChallengeVerification, OpenRelayTest, Unconfirmed, InboundError | ignored (`subscribe`, `address_change`, ...): not delivery failures |
 * | Bounce: ManuallyDeactivated, SMTPApiError | ignored `provider_suppression:manually_deactivated`, `..:smtp_api_error` |
 * | SpamComplaint | complaint |
 * | Delivery | delivery |
 * | SubscriptionChange, SuppressSending, ManualSuppression by the Recipient | unsubscribe, method `link`, list = `MessageStream` |
 * | SubscriptionChange, SuppressSending, SpamComplaint | complaint |
 * | SubscriptionChange, SuppressSending, HardBounce | ignored `provider_suppression:hard_bounce` (the Bounce record carries the codes) |
 * | SubscriptionChange, SuppressSending, ManualSuppression by the Customer or an Admin | ignored `provider_suppression:manual_suppression` |
 * | SubscriptionChange, SuppressSending false | ignored `subscription_reactivated` |
 * | Open, Click, Inbound | ignored `open`, `click`, `inbound` |
 * | anything else | ignored `unknown_type:<name>` |
 *
 * Postmark has no event id: bounces and complaints derive theirs from the bounce `ID`, the others from `MessageID`,
 * each with the record type, address and time.
 */
import type { IntakeCommand, IntakeOutcome, UnsubscribeMethod } from '../../intake-command';
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
import { isoFromTimestamp } from '../provider-time';
import { webhookEventId } from '../webhook-event-id';

export const POSTMARK_SOURCE = 'postmark';

const IGNORED_RECORDS: Readonly<Record<string, string>> = { Open: 'open', Click: 'click', Inbound: 'inbound' };

// Bounce types that report no delivery failure, or echo a suppression already in force.
const IGNORED_BOUNCE_TYPES: Readonly<Record<string, string>> = {
  AutoResponder: 'auto_reply',
  Subscribe: 'subscribe',
  AddressChange: 'address_change',
  ChallengeVerification: 'challenge_verification',
  OpenRelayTest: 'open_relay_test',
  Unconfirmed: 'unconfirmed',
  InboundError: 'inbound_error',
  ManuallyDeactivated: 'provider_suppression:manually_deactivated',
  SMTPApiError: 'provider_suppression:smtp_api_error',
};

/** What a record says it is, before the fields every recorded outcome shares are read. */
type Reading =
  | { kind: 'bounce'; type: string }
  | { kind: 'complaint' }
  | { kind: 'delivery' }
  | { kind: 'unsubscribe'; method: UnsubscribeMethod };

/** Either what to record, or an outcome already settled (ignored or invalid). */
type Settled = { settled: IntakeOutcome };

export function mapPostmarkEvent(payload: unknown): IntakeOutcome[] {
  if (!isJsonObject(payload)) {
    return [invalid('', 'expected a Postmark webhook object')];
  }
  const recordType = textField(payload, 'RecordType');
  if (recordType === undefined) {
    return [invalid('RecordType', 'expected the record type')];
  }
  const reading = readRecord(recordType, payload);
  return ['settled' in reading ? reading.settled : toOutcome(reading, recordType, payload)];
}

function readRecord(recordType: string, payload: JsonObject): Reading | Settled {
  const address = textField(payload, 'Email') ?? textField(payload, 'Recipient');
  switch (recordType) {
    case 'Bounce': {
      const type = textField(payload, 'Type');
      if (type === undefined) {
        return { settled: invalid('Type', 'expected the bounce type') };
      }
      const ignoredAs = IGNORED_BOUNCE_TYPES[type];
      if (ignoredAs !== undefined) {
        return { settled: ignored(ignoredAs, address) };
      }
      if (type === 'SpamComplaint') {
        return { kind: 'complaint' };
      }
      return type === 'Unsubscribe' ? { kind: 'unsubscribe', method: 'mail' } : { kind: 'bounce', type };
    }
    case 'SpamComplaint':
      return { kind: 'complaint' };
    case 'Delivery':
      return { kind: 'delivery' };
    case 'SubscriptionChange':
      return readSubscriptionChange(payload, address);
    default:
      return { settled: ignored(IGNORED_RECORDS[recordType] ?? `unknown_type:${recordType}`, address) };
  }
}

function readSubscriptionChange(payload: JsonObject, address: string | undefined): Reading | Settled {
  if (typeof payload.SuppressSending !== 'boolean') {
    return { settled: invalid('SuppressSending', 'expected true or false') };
  }
  if (!payload.SuppressSending) {
    return { settled: ignored('subscription_reactivated', address) };
  }
  const reason = textField(payload, 'SuppressionReason') ?? 'unspecified';
  if (reason === 'SpamComplaint') {
    return { kind: 'complaint' };
  }
  if (reason === 'ManualSuppression' && textField(payload, 'Origin') === 'Recipient') {
    return { kind: 'unsubscribe', method: 'link' };
  }
  return {
    settled: ignored(`provider_suppression:${reasonSlug(reason.replace(/([a-z])([A-Z])/g, '$1 $2'))}`, address),
  };
}

/** The fields every recorded outcome shares; which of them Postmark calls what depends on the record type. */
function toOutcome(reading: Reading, recordType: string, payload: JsonObject): IntakeOutcome {
  const addressField = recordType === 'Bounce' || recordType === 'SpamComplaint' ? 'Email' : 'Recipient';
  const timeField =
    { Bounce: 'BouncedAt', SpamComplaint: 'BouncedAt', Delivery: 'DeliveredAt' }[recordType] ?? 'ChangedAt';
  const address = textField(payload, addressField);
  if (address === undefined) {
    return invalid(addressField, 'expected the recipient address');
  }
  const occurredAt = isoFromTimestamp(payload[timeField]);
  if (occurredAt === undefined) {
    return invalid(timeField, 'expected an ISO 8601 time with a zone');
  }
  const messageId = bounded(textField(payload, 'MessageID'), MAX_MESSAGE_ID_LENGTH);
  const kind: IntakeCommand['kind'] = reading.kind;
  const providerEventId = `${recordType}:${textField(payload, 'ID') ?? messageId ?? ''}`;
  const eventId = webhookEventId({ source: POSTMARK_SOURCE, providerEventId, address, kind, occurredAt });
  const base = { address, occurredAt, eventId, source: POSTMARK_SOURCE, messageId };
  const details = textField(payload, 'Details');
  switch (reading.kind) {
    case 'bounce':
      return withoutUndefined({
        kind: reading.kind,
        ...base,
        smtp: smtpEvidence({ diagnostic: details }),
        providerVerdict: { provider: POSTMARK_SOURCE, type: bounded(reading.type, MAX_VERDICT_LABEL_LENGTH) },
      });
    case 'complaint':
      return withoutUndefined({
        kind: reading.kind,
        ...base,
        feedbackType: 'SpamComplaint',
        evidence: bounded(details, MAX_EVIDENCE_LENGTH),
      });
    case 'delivery':
      return withoutUndefined({ kind: reading.kind, ...base });
    case 'unsubscribe':
      return withoutUndefined({
        kind: reading.kind,
        ...base,
        method: reading.method,
        list: bounded(textField(payload, 'MessageStream'), MAX_EVIDENCE_LENGTH),
        evidence: bounded(details, MAX_EVIDENCE_LENGTH),
      });
    default: {
      const unhandled: never = reading;
      return unhandled;
    }
  }
}
