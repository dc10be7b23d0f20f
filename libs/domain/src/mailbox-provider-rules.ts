import type { ProviderRule } from './provider-rules';

/** Regional mailbox providers whose documented wording the generic reading would get wrong. */
export const MAILBOX_PROVIDER_RULES: readonly ProviderRule[] = [
  // GMX and WEB.DE answer an unknown address with RFC 5321's bare default text; elsewhere that phrase is ambiguous.
  {
    id: 'gmx-mailbox-unknown',
    reason: 'mailbox_unknown',
    replyCodes: [550],
    text: /\bmailbox unavailable\b/i,
    context: /\b(?:web\.de|gmx\.(?:net|de|com|at|ch)|mail\.com)\b/i,
  },
  // Orange (orange.fr, wanadoo.fr) sends 5.1.1 with "Boîte du destinataire pleine": a full mailbox, not a missing one.
  {
    id: 'orange-mailbox-full',
    reason: 'mailbox_full',
    text: /\b(?:over ?quota|bo[iî]te du destinataire pleine)\b/i,
    context: /\bOFR_\d{3}\b/,
  },
  // Yandex: the recipient's account is blocked for breaking the user agreement (yandex.com/support/mail/bounces).
  { id: 'yandex-account-blocked', reason: 'mailbox_disabled', text: /\bpolicy rejection on the target address\b/i },
];
