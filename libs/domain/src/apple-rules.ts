import type { ProviderRule } from './provider-rules';

/**
 * iCloud Mail (icloud.com, me.com, mac.com). Apple publishes no error table; these rest on replies reported by
 * senders and open-source MTA projects.
 */
export const APPLE_RULES: readonly ProviderRule[] = [
  // "[CS01] Message rejected due to local policy": the filter's verdict on our IP, domain or content.
  { id: 'local-policy', reason: 'reputation_block', text: /\[CS\d{2}\]/ },
  // Too much mail to one address in a short time; a later retry succeeds.
  { id: 'excessive-volume', reason: 'rate_limited', text: /\bdeferred due to excessive volume\b/i },
  // A Hide My Email address its owner switched off: it will never forward our mail again.
  {
    id: 'hide-my-email-disabled',
    reason: 'mailbox_disabled',
    text: /\brelay not permitted\b/i,
    context: /\bprivaterelay\.appleid\.com\b|\bicloud\.com\b/i,
  },
];
