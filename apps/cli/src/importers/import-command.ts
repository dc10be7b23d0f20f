import type { RecipientCommand } from '@app/domain';
import { MAX_EVIDENCE_LENGTH, RECIPIENT_STATE_NAMESPACE, uuidV5 } from '@app/domain';
import type { ImportFormat } from './suppression-format';
import type { ImportedSuppression } from './suppression-list';

/**
 * The command that records one imported entry: a complaint or an unsubscribe as the recipient's own word (source: the
 * format, the provider's text as evidence), anything else as a suppression imported with its reason. Event ids derive
 * from the entry, so importing the same file again finds the same events and changes nothing; an entry imported as a
 * plain suppression before complaints were told apart gets a new id, so re-importing it records the complaint.
 */
export function importCommand(entry: ImportedSuppression, format: ImportFormat, by: string): RecipientCommand {
  const { address, reason, occurredAt, meaning } = entry;
  const identity = ['import', format, by, address, occurredAt, reason];
  const evidence = reason.slice(0, MAX_EVIDENCE_LENGTH);
  switch (meaning.kind) {
    case 'imported':
      return { type: 'SuppressManually', cause: 'imported', address, reason, occurredAt, by, eventId: id(identity) };
    case 'complaint':
      return {
        type: 'RecordComplaint',
        address,
        occurredAt,
        source: format,
        evidence,
        eventId: id([...identity, 'complaint']),
      };
    case 'unsubscribe': {
      const { list } = meaning;
      const eventId = id([...identity, 'unsubscribe', list ?? '']);
      return {
        type: 'RecordUnsubscribe',
        address,
        occurredAt,
        source: format,
        method: 'provider',
        list,
        evidence,
        eventId,
      };
    }
    default: {
      const unknown: never = meaning;
      return unknown;
    }
  }
}

function id(parts: readonly string[]): string {
  return uuidV5(parts.join('|'), RECIPIENT_STATE_NAMESPACE);
}
