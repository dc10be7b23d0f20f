import type { ProviderRule } from './provider-rules';

/**
 * NetEase Mail (163.com, 126.com, yeah.net). Every refusal carries a code from NetEase's published list
 * (help.mail.163.com, "退信代码说明"), such as "421 HL:REP 163 mx14,…"; the code names the cause, and none of the coded
 * causes is about the recipient. Unknown and suspended users are answered in words ("User not found").
 */
export const NETEASE_RULES: readonly ProviderRule[] = [
  // Our IP sent too much, too fast, over too many connections, or our sender passed its quota.
  {
    id: 'rate-limit',
    reason: 'rate_limited',
    text: /\b(?:HL:(?:ICC|IFC)|MI:(?:DMC|SFQ|STC|CCL)|RP:(?:DRC|RCL|TRC|QRC))\b/,
  },
  { id: 'sender-authentication', reason: 'authentication_failed', text: /\b(?:MI:(?:SPF|DMA)|DT:SUM)\b/ },
  { id: 'helo', reason: 'policy_rejection', text: /\bMI:NHD\b/ },
  { id: 'message-format', reason: 'content_rejected', text: /\bMI:IMF\b/ },
  { id: 'spam-content', reason: 'content_rejected', text: /\bDT:SPM\b/ },
  // Relaying to a domain NetEase does not host: the recipient domain's MX points at the wrong server.
  { id: 'relay-refused', reason: 'recipient_server_unavailable', text: /\bRP:FRL\b/ },
  // Reputation of our IP: block lists, forged senders, many unknown recipients, spam or abnormal connections.
  { id: 'reputation', reason: 'reputation_block', text: /\b(?:HL:[A-Z]{3}|DT:RBL|MI:CEL|RP:CEL)\b/ },
];
