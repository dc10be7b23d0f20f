import type { SuppressionFormat } from './suppression-format';

/** A plain CSV with `address,reason,date` columns (the layout `recipient-state export --format csv` writes). */
export const CSV_FORMAT: SuppressionFormat = {
  name: 'csv',
  label: 'CSV',
  acceptsJson: false,
  wrapperKeys: [],
  addressFields: ['address', 'email', 'EmailAddress'],
  reasonFields: ['reason'],
  dateFields: ['date', 'suppressed_at', 'created_at', 'created', 'since'],
  defaultReason: 'imported',
};
