import type { ProviderRule } from './provider-rules';

/** Gmail and Google Workspace; every Google reply ends with "- gsmtp". */
export const GMAIL_RULES: readonly ProviderRule[] = [
  // A Workspace administrator's own rule refused the mail: that organisation's policy, not a bad address.
  { id: 'workspace-admin-rule', reason: 'policy_rejection', text: /\bgcdp\b/i },
  { id: 'unsolicited-block', reason: 'reputation_block', status: /^5\.7\.28$/, context: /\bgsmtp\b|\bunsolicited\b/i },
  {
    id: 'unsolicited-block',
    reason: 'reputation_block',
    text: /\bunusual (?:rate|amount) of unsolicited .{0,300}\bblocked\b/i,
  },
  { id: 'unusual-rate', reason: 'rate_limited', text: /\bunusual rate\b/i },
  { id: 'message-id-quota', reason: 'rate_limited', text: /\bsame Message-ID\b/i },
  { id: 'suspicious-content', reason: 'content_rejected', text: /\bnature of the content\b/i },
  { id: 'low-reputation', reason: 'reputation_block', text: /\blow reputation of the sending\b/i },
  { id: 'likely-unsolicited', reason: 'reputation_block', text: /\blikely (?:unsolicited|suspicious)\b/i },
  // The bulk-sender requirements; Gmail sends some of them with a 4xx reply although nothing will change on retry.
  { id: 'sender-authentication', reason: 'authentication_failed', status: /^[45]\.7\.2[3-7]$/, context: /\bgsmtp\b/i },
  // Gmail's 7.30 is DKIM, where the registry's is REQUIRETLS; 7.32 and 7.40 are not registered at all.
  {
    id: 'sender-authentication',
    reason: 'authentication_failed',
    status: /^[45]\.7\.(?:30|32|40)$/,
    context: /\bgsmtp\b|\b(?:DKIM|DMARC)\b|\baligned\b/i,
  },
  { id: 'ptr-record', reason: 'authentication_failed', text: /\bPTR record\b/i },
  { id: 'tls-required', reason: 'policy_rejection', text: /\bTLS required\b|(?:\bnot|n't) sent over (?:a )?TLS\b/i },
  { id: 'ip-allowlist', reason: 'policy_rejection', text: /\bIP not in whitelist\b/i },
  { id: 'recipient-policy', reason: 'policy_rejection', text: /\bhas a policy that prohibits\b/i },
  {
    id: 'message-format',
    reason: 'content_rejected',
    text: /\b(?:not RFC ?5322 compliant|missing a valid (?:address in (?:the )?From|Message-ID)|message is malformed|(?:duplicate|multiple) [\w:-]{1,30} headers?)\b/i,
  },
  { id: 'attachment-security', reason: 'content_rejected', text: /\bpotential security issue\b/i },
  {
    id: 'sending-limit',
    reason: 'sender_quota_exceeded',
    text: /\b(?:daily|peak) (?:user )?(?:sending|SMTP relay) limit exceeded\b/i,
  },
  // Under a policy code, Google's "quota exceeded" is the quota of the Workspace account that sends, not a mailbox.
  {
    id: 'sending-limit',
    reason: 'sender_quota_exceeded',
    status: /^5\.7\.\d{1,3}$/,
    text: /\bquota exceeded\b/i,
    context: /\bgsmtp\b/i,
  },
  { id: 'inactive-account', reason: 'mailbox_disabled', status: /^5\.2\.1$/, text: /\binactive\b|\bDisabledUser\b/i },
  // "Out of storage space and inactive" stays a full mailbox: the soft-bounce limit suppresses it soon enough.
  { id: 'out-of-storage', reason: 'mailbox_full', text: /\bout of storage\b/i },
  // The inbox is flooded by everyone: despite the 5xx it clears by itself, so a soft bounce of the person's mailbox.
  {
    id: 'receiving-rate',
    reason: 'mailbox_unavailable',
    class: 'soft',
    text: /\b(?:contact|account) is receiving (?:e-?)?mail (?:too quickly|at a rate)\b|\?p=ReceivingRate/i,
  },
  // Google closing the connection on our greeting: a throttle of the sending host, whatever the recipient.
  { id: 'closing-connection', reason: 'rate_limited', text: /\btry again later, closing connection\b/i },
];
