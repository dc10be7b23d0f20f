import type { ProviderRule } from './provider-rules';

/** Filtering gateways in front of a recipient's mail server (Cisco Secure Email, Sophos Email, Mimecast). */
export const SECURITY_GATEWAY_RULES: readonly ProviderRule[] = [
  // Cisco's recipient-access check rejects an address it does not know with the addressing code 5.1.0.
  {
    id: 'cisco-address-rejected',
    reason: 'mailbox_unknown',
    status: /^5\.1\.0$/,
    text: /\b550 #?5\.1\.0 address rejected\b/i,
  },
  // Sophos: too much from us to this one person (0014) is our pace; too much from everyone (0015) the mailbox's.
  { id: 'sophos-single-sender-limit', reason: 'rate_limited', text: /\bXGEMAIL_0014\b/ },
  // Mimecast has switched off inbound mail for the recipient's whole organisation: nothing about this mailbox.
  // Mimecast's deferral of a first attempt while it checks the sender: greylisting by another name.
  {
    id: 'mimecast-greylisting',
    reason: 'greylisted',
    text: /\binternal resource temporarily unavailable\b/i,
    context: /\bmimecast\b/i,
  },
  { id: 'mimecast-inbound-disabled', reason: 'recipient_server_unavailable', text: /\baccount inbounds disabled\b/i },
  { id: 'sophos-recipient-flooded', reason: 'mailbox_unavailable', class: 'soft', text: /\bXGEMAIL_0015\b/ },
];
