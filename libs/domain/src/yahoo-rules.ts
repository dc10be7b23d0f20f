import type { ProviderRule } from './provider-rules';

/** Yahoo and AOL (Yahoo Inc). */
export const YAHOO_RULES: readonly ProviderRule[] = [
  // The "TS" deferrals answer complaints, spam-like content or IP reputation, at MAIL FROM, with a 421.
  {
    id: 'ts-deferral',
    reason: 'reputation_block',
    text: /\[(?:TSS?|GL)\d{2}\]|\bdeferred due to (?:unexpected volume or )?user complaints\b/i,
  },
  // AOL's postmaster codes (postmaster.aol.com/error-codes): throttles, blocks of our IP or network, and checks of our
  // DNS and sending authority. None of them is about the recipient.
  { id: 'aol-throttle', reason: 'rate_limited', text: /\b(?:DYN|RTR):T\d\b/ },
  { id: 'aol-reverse-dns', reason: 'authentication_failed', text: /\bDNS:(?:NR|P1|P2|R1)\b/ },
  { id: 'aol-unauthorised-sender', reason: 'authentication_failed', text: /\bRLY:SN\b/ },
  { id: 'aol-block', reason: 'reputation_block', text: /\b(?:RTR|RLY|CON|DYN|HVU|IPTS|MW):[A-Z]{1,3}\d?\b/ },
  // Too many unknown recipients from us: a warning about our list hygiene, although it mentions unknown users.
  {
    id: 'unknown-recipients-alarm',
    reason: 'reputation_block',
    text: /\bVS\d{1,3}-(?:IP|MF)\w*|\bexcessive unknown recipients\b/i,
  },
  { id: 'connection-limit', reason: 'rate_limited', text: /\bmax message per connection\b/i },
  { id: 'not-accepted-for-policy', reason: 'authentication_failed', status: /^5\.7\.9$/, text: /\bpolicy reasons\b/i },
  { id: 'content-block', reason: 'content_rejected', text: /\[PH\d{2}\]/ },
  { id: 'no-such-account', reason: 'mailbox_unknown', text: /\bdoesn't have an? [\w.-]{1,64} account\b/i },
  { id: 'mailbox-disabled', reason: 'mailbox_disabled', text: /\bthis mailbox is disabled\b|\(554\.30\)/i },
  // Often at end of DATA, where a code alone would not be trusted; the phrase names the mailbox.
  { id: 'mailbox-not-found', reason: 'mailbox_unknown', replyCodes: [552], text: /\bmailbox not found\b/i },
  {
    id: 'receiving-too-quickly',
    reason: 'mailbox_unavailable',
    class: 'soft',
    text: /\buser is receiving (?:e-?)?mail too quickly\b/i,
  },
];
