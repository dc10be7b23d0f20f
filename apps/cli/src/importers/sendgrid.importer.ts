import type { SuppressionFormat } from './suppression-format';

/**
 * SendGrid suppression lists (bounces, blocks, invalid emails, spam reports, unsubscribes): the API's JSON array of
 * `{ created (Unix seconds), email, reason?, status? }`, or the app's CSV export with the same columns.
 */
export const SENDGRID_FORMAT: SuppressionFormat = {
  name: 'sendgrid',
  label: 'SendGrid',
  acceptsJson: true,
  wrapperKeys: ['result', 'suppressions'],
  addressFields: ['email', 'EmailAddress'],
  reasonFields: ['reason', 'status'],
  dateFields: ['created', 'created_at'],
  defaultReason: 'sendgrid suppression',
};
