import { fieldText } from './source-record';
import type { SuppressionFormat } from './suppression-format';
import { IMPORTED } from './suppression-format';

/**
 * Postmark message-stream suppressions: the dump API's `{ Suppressions: [{ EmailAddress, SuppressionReason
 * (HardBounce|SpamComplaint|ManualSuppression), Origin, CreatedAt }] }`, or the same columns as CSV.
 * `SpamComplaint` is a complaint; a `ManualSuppression` whose `Origin` is `Recipient` is the recipient's unsubscribe
 * (one by the sender, `Customer` or `Admin`, stays an imported suppression).
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
  meaningOf(reason, record) {
    const said = reason ?? 'ManualSuppression';
    if (said === 'SpamComplaint') {
      return { kind: 'complaint' };
    }
    const byRecipient = fieldText(record, ['Origin'])?.toLowerCase() === 'recipient';
    return said === 'ManualSuppression' && byRecipient ? { kind: 'unsubscribe' } : IMPORTED;
  },
};
