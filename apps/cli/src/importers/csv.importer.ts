import { fieldText } from './source-record';
import type { ImportedMeaning, SuppressionFormat } from './suppression-format';
import { IMPORTED } from './suppression-format';

const CAUSE_MEANINGS: ReadonlyMap<string, ImportedMeaning> = new Map<string, ImportedMeaning>([
  ['complaint', { kind: 'complaint' }],
  ['unsubscribed', { kind: 'unsubscribe' }],
]);

/**
 * A plain CSV with `address,reason,date` columns (the layout `recipient-state export --format csv` writes). Its
 * `cause` column, when present, keeps complaints and unsubscribes what they were.
 */
export const CSV_FORMAT: SuppressionFormat = {
  name: 'csv',
  label: 'CSV',
  acceptsJson: false,
  wrapperKeys: [],
  addressFields: ['address', 'email', 'EmailAddress'],
  reasonFields: ['reason'],
  dateFields: ['date', 'suppressed_at', 'created_at', 'created', 'since'],
  defaultReason: 'imported',
  meaningOf: (_reason, record) => CAUSE_MEANINGS.get(fieldText(record, ['cause']) ?? '') ?? IMPORTED,
};
