import type { ProviderRule } from './provider-rules';

/**
 * Japanese mobile carriers' mail servers (NTT docomo, KDDI au, SoftBank), whose replies are terse and partly their
 * own. Most of them ("550 Unknown user", "User unknown") read correctly as generic phrases; these do not.
 */
export const MOBILE_CARRIER_RULES: readonly ProviderRule[] = [
  // docomo's answer when the recipient's mailbox has no room for the message.
  { id: 'docomo-mailbox-full', reason: 'mailbox_full', replyCodes: [552], text: /\btoo much mail data\b/i },
  // SoftBank refuses every recipient when our envelope-from domain has no DNS records; it names only that domain.
  {
    id: 'softbank-sender-domain',
    reason: 'authentication_failed',
    replyCodes: [553],
    text: /^553 [\w-]{1,63}(?:\.[\w-]{1,63}){1,8} does not exist\b/i,
  },
];
