import type { SuppressionFormat } from './suppression-format';

/**
 * Postmark message-stream suppressions: the dump API's `{ Suppressions: [{ EmailAddress, SuppressionReason
 * (HardBounce|SpamComplaint|ManualSuppression), Origin, CreatedAt }] }`, or the same columns as CSV.
 */
export const POSTMARK_FORMAT: SuppressionFormat = {
  name: 'postmark',
  label: 'Postmark',
  acceptsJson: true,
  wrapperKeys: ['Suppressions'],
  addressFields: ['EmailAddress', 'Email'],
  reasonFields: ['SuppressionReason', 'Reason'],
  dateFields: ['CreatedAt', 'Created', 'Date'],
  defaultReason: 'ManualSuppression',
};
