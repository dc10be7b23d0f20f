import type { SuppressionFormat } from './suppression-format';
import { IMPORTED } from './suppression-format';

/**
 * Amazon SES account-level suppression list: `aws sesv2 list-suppressed-destinations` JSON
 * (`SuppressedDestinationSummaries[]` of `EmailAddress`, `Reason` BOUNCE|COMPLAINT, `LastUpdateTime`), or the
 * same columns as CSV (the bulk-import layout, with the date added). `COMPLAINT` entries are complaints.
 */
export const SES_FORMAT: SuppressionFormat = {
  name: 'ses',
  label: 'Amazon SES',
  acceptsJson: true,
  wrapperKeys: ['SuppressedDestinationSummaries'],
  addressFields: ['EmailAddress', 'email'],
  reasonFields: ['Reason'],
  dateFields: ['LastUpdateTime', 'date'],
  defaultReason: 'BOUNCE',
  meaningOf: (reason) => (reason?.toUpperCase() === 'COMPLAINT' ? { kind: 'complaint' } : IMPORTED),
};
