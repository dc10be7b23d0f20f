import type { IntakeInvalid, IntakeOutcome } from '../../intake-command';
import { ignored, invalid, isJsonObject, textField } from '../payload-fields';
import type { JsonObject } from '../payload-fields';

export const SES_SOURCE = 'ses';

/** What every recipient of one SES notification shares. */
export interface SesContext {
  /** The SES message id (`mail.messageId`), the correlation key to the send. */
  messageId?: string;
  /** The SNS message id: the last resort for an event id when SES gave no id of its own. */
  snsMessageId: string;
}

export type SesRecipient = { kind: 'recipient'; address: string; entry: JsonObject } | IntakeInvalid;

/** The `{ emailAddress }` entries of a bounce, complaint or delay, each read on its own. */
export function recipientsOf(parent: JsonObject, key: string, path: string): SesRecipient[] {
  const entries = parent[key];
  if (!Array.isArray(entries) || entries.length === 0) {
    return [invalid(`${path}.${key}`, 'expected a non-empty array of recipients')];
  }
  return entries.map((entry: unknown, index): SesRecipient => {
    const address = isJsonObject(entry) ? textField(entry, 'emailAddress') : undefined;
    return address === undefined || !isJsonObject(entry)
      ? invalid(`${path}.${key}[${index}].emailAddress`, 'expected an address')
      : { kind: 'recipient', address, entry };
  });
}

/** Recipients that are recognised and deliberately not recorded; unreadable entries stay invalid. */
export function addressesOnly(recipients: SesRecipient[], reason: string): IntakeOutcome[] {
  return recipients.map((recipient) => (recipient.kind === 'invalid' ? recipient : ignored(reason, recipient.address)));
}
