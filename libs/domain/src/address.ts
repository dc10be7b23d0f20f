import { domainToASCII } from 'node:url';

/**
 * Recipient addresses in the one form the service keys everything by: trimmed, local part lower-cased, domain
 * lower-cased and IDNA-encoded. Quoted local parts (`"john doe"@example.com`) and non-ASCII local parts (RFC 6531)
 * are rejected: email providers rarely accept them, and lower-casing inside quotes or across Unicode case rules would
 * merge addresses that are not the same mailbox.
 */

export const ADDRESS_FAILURE_REASONS = [
  'not_a_string',
  'empty',
  'missing_at',
  'empty_local_part',
  'empty_domain',
  'local_part_too_long',
  'domain_too_long',
  'address_too_long',
  'label_too_long',
  'invalid_local_part',
  'invalid_domain',
  'invalid_idn',
] as const;
export type AddressFailureReason = (typeof ADDRESS_FAILURE_REASONS)[number];

export type AddressResult =
  { ok: true; address: string } | { ok: false; reason: AddressFailureReason; message: string };

/** RFC 5321 4.5.3.1: the reverse and forward paths allow 256 octets including the angle brackets. */
export const MAX_LOCAL_PART_OCTETS = 64;
export const MAX_DOMAIN_OCTETS = 255;
export const MAX_ADDRESS_OCTETS = 254;
export const MAX_LABEL_OCTETS = 63;

/** RFC 5322 atext: what a dot-atom local part may contain besides its dots. */
const ATEXT = /^[a-z0-9!#$%&'*+\-/=?^_`{|}~]$/;
const LDH_LABEL = /^[a-z0-9-]+$/;

type Failure = Extract<AddressResult, { ok: false }>;

function fail(reason: AddressFailureReason, message: string): Failure {
  return { ok: false, reason, message };
}

export function normaliseAddress(input: unknown): AddressResult {
  if (typeof input !== 'string') {
    return fail('not_a_string', `expected a string, got ${input === null ? 'null' : typeof input}`);
  }
  const trimmed = input.trim();
  if (trimmed === '') {
    return fail('empty', 'the address is empty');
  }
  // The last @ separates the domain, so an @ inside a quoted local part still lands in the local part and is rejected
  // there with the quoted-local-part message.
  const at = trimmed.lastIndexOf('@');
  if (at < 0) {
    return fail('missing_at', 'the address has no @ between the local part and the domain');
  }
  const local = trimmed.slice(0, at).toLowerCase();
  const rawDomain = trimmed.slice(at + 1);
  if (local === '') {
    return fail('empty_local_part', 'nothing comes before the @');
  }
  if (rawDomain === '') {
    return fail('empty_domain', 'nothing comes after the @');
  }
  const localProblem = checkLocalPart(local);
  if (localProblem !== undefined) {
    return localProblem;
  }
  const domain = normaliseDomain(rawDomain);
  if (!domain.ok) {
    return domain;
  }
  const length = local.length + 1 + domain.address.length;
  if (length > MAX_ADDRESS_OCTETS) {
    return fail(
      'address_too_long',
      `the address is ${length} characters long; at most ${MAX_ADDRESS_OCTETS} are allowed`,
    );
  }
  return { ok: true, address: `${local}@${domain.address}` };
}

function checkLocalPart(local: string): Failure | undefined {
  if (local.startsWith('"')) {
    return fail('invalid_local_part', 'quoted local parts ("...") are not accepted');
  }
  // Checked before the length so that a non-ASCII local part is not reported with a misleading character count.
  if (/[^\x20-\x7e]/.test(local)) {
    return fail(
      'invalid_local_part',
      'the local part contains non-ASCII or control characters, which are not accepted',
    );
  }
  if (local.length > MAX_LOCAL_PART_OCTETS) {
    return fail(
      'local_part_too_long',
      `the local part is ${local.length} characters long; at most ${MAX_LOCAL_PART_OCTETS} are allowed`,
    );
  }
  if (local.includes('<')) {
    return fail('invalid_local_part', 'send the bare address, without a display name or angle brackets');
  }
  const bad = [...local].find((char) => char !== '.' && !ATEXT.test(char));
  if (bad !== undefined) {
    return fail('invalid_local_part', `the local part contains ${describeCharacter(bad)}, which is not allowed`);
  }
  if (local.startsWith('.') || local.endsWith('.')) {
    return fail('invalid_local_part', 'the local part may not start or end with a dot');
  }
  if (local.includes('..')) {
    return fail('invalid_local_part', 'the local part may not contain two dots in a row');
  }
  return undefined;
}

function describeCharacter(char: string): string {
  return char === ' ' ? 'a space' : `'${char}'`;
}

/** The domain in lower-case ASCII, with internationalised labels punycode-encoded ("A-labels"). */
function normaliseDomain(raw: string): AddressResult {
  if (raw.startsWith('[')) {
    return fail('invalid_domain', 'domain literals such as [192.0.2.1] are not accepted; use a domain name');
  }
  const lowered = raw.toLowerCase();
  // Only LDH and dots may reach the IDNA step: the WHATWG host parser behind domainToASCII would otherwise decode
  // percent escapes and rewrite numeric hosts such as 0x7f.1, turning invalid input into a different valid domain.
  const badAscii = [...lowered].find((char) => char < '\x80' && !/[a-z0-9.-]/.test(char));
  if (badAscii !== undefined) {
    return fail('invalid_domain', `the domain contains ${describeCharacter(badAscii)}, which is not allowed`);
  }
  const needsIdna = /[^\p{ASCII}]/u.test(lowered) || lowered.split('.').some((label) => label.startsWith('xn--'));
  const ascii = needsIdna ? domainToASCII(lowered) : lowered;
  // Re-encoding the result must give it back unchanged, or a second normalisation would not agree with the first.
  if (needsIdna && (ascii === '' || domainToASCII(ascii) !== ascii)) {
    return fail('invalid_idn', 'the domain is not a valid internationalised domain name');
  }
  if (ascii.length > MAX_DOMAIN_OCTETS) {
    return fail(
      'domain_too_long',
      `the domain is ${ascii.length} characters long; at most ${MAX_DOMAIN_OCTETS} are allowed`,
    );
  }
  const problem = checkLabels(ascii.split('.'));
  return problem ?? { ok: true, address: ascii };
}

function checkLabels(labels: string[]): Failure | undefined {
  if (labels.length < 2) {
    return fail('invalid_domain', 'the domain needs at least one dot (for example example.com)');
  }
  for (const label of labels) {
    if (label === '') {
      return fail('invalid_domain', 'the domain has an empty label (a leading, trailing or doubled dot)');
    }
    if (label.length > MAX_LABEL_OCTETS) {
      return fail(
        'label_too_long',
        `a domain label is ${label.length} characters long; at most ${MAX_LABEL_OCTETS} are allowed`,
      );
    }
    if (!LDH_LABEL.test(label)) {
      return fail('invalid_domain', 'domain labels may contain only letters, digits and hyphens');
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail('invalid_domain', 'a domain label may not start or end with a hyphen');
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '')) {
    return fail('invalid_domain', 'the top-level domain is all digits; IP addresses are not accepted as domains');
  }
  return undefined;
}

/** For logs: keeps the domain (useful when diagnosing a provider) and hides all but the first character of the mailbox. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) {
    return '***';
  }
  const first = Array.from(address.slice(0, at))[0] ?? '';
  return `${first}***${address.slice(at)}`;
}
