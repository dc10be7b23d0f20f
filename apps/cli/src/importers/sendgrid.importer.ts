import { fieldText } from './source-record';
import type { SuppressionFormat } from './suppression-format';
import { IMPORTED } from './suppression-format';

/**
 * SendGrid suppression lists (bounces, blocks, invalid emails, spam reports, unsubscribes): the API's JSON array of
 * `{ created (Unix seconds), email, reason?, status? }`, or the app's CSV export with the same columns.
 *
 * Each list is its own export, told apart by its columns: bounces, blocks and invalid emails carry a reason; a spam
 * report carries the `ip` it came from and no reason (a complaint); a global unsubscribe carries neither (an
 * unsubscribe from every list); a group unsubscribe names its `group_name` or `group_id` (an unsubscribe from that
 * list only).
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
  meaningOf(reason, record) {
    const group = fieldText(record, ['group_name', 'group_id']);
    if (group !== undefined) {
      return { kind: 'unsubscribe', list: group };
    }
    if (reason !== undefined) {
      return IMPORTED;
    }
    return fieldText(record, ['ip']) === undefined ? { kind: 'unsubscribe' } : { kind: 'complaint' };
  },
};
