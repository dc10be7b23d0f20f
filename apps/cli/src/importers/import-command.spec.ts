import { MAX_EVIDENCE_LENGTH, RECIPIENT_STATE_NAMESPACE, uuidV5 } from '@app/domain';
import { importCommand } from './import-command';
import type { ImportedSuppression } from './suppression-list';

const ENTRY: Omit<ImportedSuppression, 'meaning'> = {
  line: 2,
  address: 'a@example.com',
  reason: 'COMPLAINT',
  occurredAt: '2024-03-05T10:11:12.000Z',
};

function idOf(...parts: string[]): string {
  return uuidV5(parts.join('|'), RECIPIENT_STATE_NAMESPACE);
}

describe('the command an imported entry becomes', () => {
  it('keeps a bounce an imported suppression with its original reason and the id earlier imports gave it', () => {
    const entry: ImportedSuppression = { ...ENTRY, reason: 'BOUNCE', meaning: { kind: 'imported' } };
    expect(importCommand(entry, 'ses', 'import')).toStrictEqual({
      type: 'SuppressManually',
      cause: 'imported',
      address: 'a@example.com',
      reason: 'BOUNCE',
      occurredAt: ENTRY.occurredAt,
      by: 'import',
      eventId: idOf('import', 'ses', 'import', 'a@example.com', ENTRY.occurredAt, 'BOUNCE'),
    });
  });

  it('records a complaint from the provider with its original text as evidence', () => {
    const entry: ImportedSuppression = { ...ENTRY, meaning: { kind: 'complaint' } };
    expect(importCommand(entry, 'ses', 'import')).toStrictEqual({
      type: 'RecordComplaint',
      address: 'a@example.com',
      occurredAt: ENTRY.occurredAt,
      source: 'ses',
      evidence: 'COMPLAINT',
      eventId: idOf('import', 'ses', 'import', 'a@example.com', ENTRY.occurredAt, 'COMPLAINT', 'complaint'),
    });
  });

  it('records an unsubscribe through the provider, from every list or from the one named', () => {
    const global: ImportedSuppression = { ...ENTRY, reason: 'sendgrid suppression', meaning: { kind: 'unsubscribe' } };
    expect(importCommand(global, 'sendgrid', 'ops')).toMatchObject({
      type: 'RecordUnsubscribe',
      method: 'provider',
      source: 'sendgrid',
      list: undefined,
      evidence: 'sendgrid suppression',
    });
    const group: ImportedSuppression = { ...global, meaning: { kind: 'unsubscribe', list: 'Weekly news' } };
    const command = importCommand(group, 'sendgrid', 'ops');
    expect(command).toMatchObject({ type: 'RecordUnsubscribe', list: 'Weekly news' });
    expect(command.eventId).not.toBe(importCommand(global, 'sendgrid', 'ops').eventId);
  });

  it('keeps no more evidence than a fact holds', () => {
    const entry: ImportedSuppression = {
      ...ENTRY,
      reason: 'x'.repeat(MAX_EVIDENCE_LENGTH + 5),
      meaning: { kind: 'complaint' },
    };
    expect(importCommand(entry, 'postmark', 'import')).toMatchObject({ evidence: 'x'.repeat(MAX_EVIDENCE_LENGTH) });
  });
});
