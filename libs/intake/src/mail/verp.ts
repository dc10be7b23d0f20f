import { readAddress } from './mail-address';

/**
 * VERP puts the recipient into the envelope sender of each message (`bounces+jane=example.com@sender.example`), so a
 * bounce comes back to an address that names whom it is about even when its body names no one.
 */
export function recoverVerpAddress(envelopeAddress: string, pattern: RegExp): string | undefined {
  const groups = pattern.exec(envelopeAddress)?.groups;
  const local = groups?.['local'];
  const domain = groups?.['domain'];
  return local === undefined || domain === undefined ? undefined : readAddress(`${local}@${domain}`);
}
