import { normaliseAddress, RECIPIENT_STATE_NAMESPACE, uuidV5 } from '@app/domain';
import type { IntakeCommand } from '../intake-command';

export interface WebhookEventIdParts {
  /** ses | sendgrid | mailgun | postmark */
  source: string;
  /** The provider's id of this event (SES feedbackId, SendGrid sg_event_id, ...) or of its message when it has none. */
  providerEventId: string;
  address: string;
  kind: IntakeCommand['kind'];
  occurredAt: string;
}

/**
 * A redelivered webhook names the same source, provider id, address, kind and time, so it gets the same event id and
 * the store answers it as a duplicate. The address is keyed in its normalised form when it has one, so a provider
 * that changes the case of an address between retries still yields one event. The parts are JSON-encoded, so a `|`
 * inside a provider id cannot make two different events collide.
 */
export function webhookEventId(parts: WebhookEventIdParts): string {
  const normalised = normaliseAddress(parts.address);
  const address = normalised.ok ? normalised.address : parts.address.trim();
  const name = JSON.stringify(['webhook', parts.source, parts.providerEventId, address, parts.kind, parts.occurredAt]);
  return uuidV5(name, RECIPIENT_STATE_NAMESPACE);
}
