import type { ProviderRule } from './provider-rules';

/** Outlook.com consumer mail and Microsoft 365 / Exchange Online. */
export const MICROSOFT_RULES: readonly ProviderRule[] = [
  // 5.2.2 reads as "mailbox full", and some relays even say so, but this is the quota of the Microsoft 365 mailbox
  // we send from: STOREDRV.Submission is the sending side of Exchange.
  {
    id: 'submission-quota',
    reason: 'sender_quota_exceeded',
    text: /\bsubmission quota\b|\bSubmissionQuotaExceeded|\bSTOREDRV\.Submission\b/i,
  },
  {
    id: 'sending-limit',
    reason: 'sender_quota_exceeded',
    text: /\b(?:daily limit for message recipients|exceeded (?:its|your) daily (?:recipient |sending )?limit)\b/i,
  },
  {
    id: 'ip-reputation-throttle',
    reason: 'rate_limited',
    text: /\b(?:S775|S3114)\b|rate limited due to IP reputation/i,
  },
  { id: 'connection-limit', reason: 'rate_limited', status: /^4\.7\.652$/ },
  { id: 'connection-limit', reason: 'rate_limited', text: /\bexceeded the maximum number of connections\b/i },
  { id: 'postmaster-rate-limit', reason: 'rate_limited', text: /\bRP-00[1-3]\b/ },
  // Exchange Online holds traffic from a new or changed source until it has judged it; the hold lifts by itself.
  {
    id: 'new-sender-throttle',
    reason: 'rate_limited',
    text: /\baccess denied,? please try again later\b|\bserver busy\. please try again later from\b/i,
  },
  // Returned at MAIL FROM for a whole IP range; it applies to every recipient alike.
  {
    id: 'network-block-list',
    reason: 'reputation_block',
    text: /\bA?S31[45]0\b|\bpart of their network is on our block ?list\b/i,
  },
  { id: 'postmaster-block', reason: 'reputation_block', text: /\b(?:SC-00[1-4]|DY-00[12]|OU-00[12])\b/ },
  {
    id: 'authentication-level',
    reason: 'authentication_failed',
    text: /\bdoes not meet the required authentication level\b/i,
  },
  { id: 'dmarc-reject', reason: 'authentication_failed', text: /\bdoes not pass DMARC verification\b/i },
  {
    id: 'ipv6-authentication',
    reason: 'authentication_failed',
    text: /\bover IPv6 .{0,80}must pass either SPF or DKIM|\bIPv6 address .{0,80}must have a reverse DNS record/i,
  },
  { id: 'banned-sender', reason: 'reputation_block', text: /\bbanned sender\b|\bspam abuse detected\b/i },
  { id: 'banned-sending-ip', reason: 'reputation_block', text: /\bbanned sending IP\b/i },
  { id: 'bad-helo', reason: 'policy_rejection', text: /\bBad HELO\b/i },
  { id: 'recipient-org-ip-block', reason: 'reputation_block', text: /\baccess denied, rejected by recipient\b/i },
  { id: 'ipv6-range-limit', reason: 'rate_limited', text: /\bexceeded permitted limits within\b/i },
  { id: 'ipv4-only', reason: 'policy_rejection', text: /\bdoes not accept (?:e-?)?mail over IPv6\b/i },
  { id: 'from-header', reason: 'content_rejected', text: /\bRFC ?5322 section 3\.6\.2\b/i },
  { id: 'customer-block-list', reason: 'reputation_block', text: /\bCustomer Block ?list\b/i },
  {
    id: 'sending-tenant-ban',
    reason: 'reputation_block',
    text: /\btenant has exceeded threshold\b|\btraffic not accepted from this IP\b|\bunregistered domains?\b/i,
  },
  { id: 'bad-outbound-sender', reason: 'reputation_block', text: /\bbad outbound sender\b/i },
  // Too many messages from us to this one person: our pace, not the mailbox.
  { id: 'per-sender-limit', reason: 'rate_limited', text: /\blimit from specific sender exceeded\b/i },
  // The inbox is flooded by everyone: a soft condition of the person's mailbox that clears by itself.
  {
    id: 'recipient-flooded',
    reason: 'mailbox_unavailable',
    class: 'soft',
    text: /\bper hour message receive limit exceeded\b|\brecipient thread limit exceeded\b/i,
  },
  // A per-recipient size limit set by the recipient's organisation: our message is too big for it.
  { id: 'recipient-size-limit', reason: 'message_too_large', text: /\bRESOLVER\.RST\.RecipSizeLimit\b/i },
  // The address is real; its organisation only takes mail from internal or listed senders.
  {
    id: 'organisation-senders-only',
    reason: 'policy_rejection',
    text: /\b(?:delivery not authorized|sender was not authenticated by organization|not authenticated for (?:group|mailbox|public folder)|allowed-?senders list|delivery restriction check failed)\b|\bRESOLVER\.RST\./i,
  },
  {
    id: 'recipient-not-found',
    reason: 'mailbox_unknown',
    text: /\bRESOLVER\.ADR\.Recip(?:ient)?NotFound\b|\bnot found by SMTP address lookup\b/i,
  },
  // Directory-based edge blocking: Exchange Online refuses addresses missing from the tenant's directory.
  {
    id: 'directory-edge-block',
    reason: 'mailbox_unknown',
    status: /^5\.(?:4\.1|7\.504)$/,
    text: /\bRecipient address rejected: Access denied\b/i,
  },
  {
    id: 'directory-edge-block',
    reason: 'mailbox_unknown',
    text: /\bRecipient address rejected: Access denied\b/i,
    context: /\bprotection\.outlook\.com\b|\bAS\(\d{6,}\)/i,
  },
  // Outlook.com's answer for an unknown consumer address; the bare phrase is RFC 5321's default text for any 550.
  { id: 'consumer-mailbox-unknown', reason: 'mailbox_unknown', text: /\bS2017062302\b/ },
  {
    id: 'consumer-mailbox-unknown',
    reason: 'mailbox_unknown',
    status: /^5\.5\.0$/,
    text: /\bmailbox unavailable\b/i,
    context: /\bolc\.protection\.outlook\.com\b|\bhotmail\.com\b|\b(?:BAY|SNT|BLU|COL|DUB)\d{3}-MC\d/i,
  },
  { id: 'banned-recipient', reason: 'mailbox_disabled', text: /\bbanned recipient\b/i },
  { id: 'account-disabled', reason: 'mailbox_disabled', text: /\bAccountDisabledException\b/ },
];
