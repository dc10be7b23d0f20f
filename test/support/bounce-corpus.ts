import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BounceEvidence, PolicyOverride, SmtpStage } from '@app/domain';
import { classifierPatterns, SMTP_STAGES } from '@app/domain';
import { samplePattern } from './pattern-sampler';

/**
 * A large, varied set of bounces made only of the project's own material: every row of the bounce evidence table
 * (test/fixtures/bounces) as written and mutated (case, spacing, codes, wrapped and multi-line replies, DSN and MTA
 * wrappers, structured fields, ESP labels), and text drawn from every pattern of the classifier's rule tables, alone
 * and in pairs. A seeded generator keeps it the same on every run.
 */
export interface CorpusItem {
  readonly evidence: BounceEvidence;
  /** Index into OVERRIDE_SETS. */
  readonly overrides: number;
}

const TABLE_DIRECTORY = join(__dirname, '..', 'fixtures', 'bounces');

/** Policies' overrides a few items are classified under, so the override layer is held too. */
export const OVERRIDE_SETS: readonly (readonly PolicyOverride[])[] = [
  [],
  [
    { match: { enhancedStatus: '5.2.2' }, class: 'soft', reason: 'mailbox_full', countsAgainstRecipient: true },
    { match: { text: /\bblocked\b/i }, class: 'soft', reason: 'reputation_block', countsAgainstRecipient: false },
    {
      match: { replyCode: 550, provider: 'SES' },
      class: 'hard',
      reason: 'mailbox_unknown',
      countsAgainstRecipient: true,
    },
    { match: { provider: 'postmark' }, class: 'soft', reason: 'undetermined', countsAgainstRecipient: false },
  ],
];

const REPLY_CODES = ['421', '450', '451', '452', '500', '501', '503', '521', '530', '550', '551', '552', '553', '554'];
const EXTRA_STATUSES = ['5.0.0', '4.0.0', '2.0.0', '2.1.5', '5.9.9', '4.16.55.1', '5.7.606', '5.1.10', '4.4.7'];
const HOSTS = ['mx.example.net', 'mx1.example.com', 'gmail-smtp-in.l.google.com', 'spam.filter.example.org'];
const PROVIDERS = ['ses', 'sendgrid', 'mailgun', 'postmark', 'mta', 'Amazon SES', 'other'];
// ESP labels as the provider verdict table spells them, and a few it does not know.
const VERDICT_LABELS: readonly (readonly [provider: string, type?: string, subType?: string])[] = [
  ['ses', 'Permanent', 'General'],
  ['ses', 'Permanent', 'NoEmail'],
  ['ses', 'permanent', 'onaccountsuppressionlist'],
  ['ses', 'Transient', 'MailboxFull'],
  ['ses', 'Undetermined'],
  ['sendgrid', 'bounce', 'Invalid Address'],
  ['sendgrid', 'blocked'],
  ['sendgrid', 'Reputation'],
  ['sendgrid', 'dropped', 'Recipient List over Package Quota'],
  ['mailgun', 'permanent', 'suppress-bounce'],
  ['mailgun', 'temporary', 'greylisted'],
  ['postmark', 'HardBounce'],
  ['postmark', 'SoftBounce'],
  ['postmark', 'DnsError'],
  ['postmark', 'SpamComplaint'],
  ['other', 'Permanent', 'General'],
];
const STAGE_COMMANDS = [
  'RCPT TO',
  'MAIL FROM',
  'DATA',
  'end of data',
  'initial connection',
  'EHLO',
  'pipelined MAIL FROM',
];

interface TableRow {
  readonly reply: string;
  readonly status?: string;
  readonly provider?: string;
}

/** A small seeded generator (mulberry32): the same seed gives the same corpus on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function tableRows(): TableRow[] {
  return readdirSync(TABLE_DIRECTORY)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(join(TABLE_DIRECTORY, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TableRow);
}

export function bounceCorpus(seed = 11): CorpusItem[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (share: number): boolean => random() < share;
  const rows = tableRows();
  const statuses = [
    ...new Set([...rows.flatMap((row) => (row.status === undefined ? [] : [row.status])), ...EXTRA_STATUSES]),
  ];
  const items: CorpusItem[] = [];
  const add = (evidence: BounceEvidence): void => {
    items.push({ evidence, overrides: chance(0.1) ? 1 : 0 });
  };
  const diagnostic = (reply: string, row: Partial<TableRow> = {}): BounceEvidence => ({
    smtp: { diagnostic: reply },
    ...(row.status !== undefined && { dsnStatus: row.status }),
    ...(row.provider !== undefined && { providerVerdict: { provider: row.provider } }),
  });

  const mutations: readonly ((reply: string) => string)[] = [
    (reply) => reply.toUpperCase(),
    (reply) => reply.toLowerCase(),
    (reply) => [...reply].map((char) => (chance(0.5) ? char.toUpperCase() : char.toLowerCase())).join(''),
    (reply) => reply.replace(/ /g, () => (chance(0.3) ? pick(['  ', '\t', ' \n ', '\r\n', ' \u00a0']) : ' ')),
    (reply) => `${pick(['  ', '\n', '\t', ''])}${reply}${pick([' ', '\r\n', '\n\n', ''])}`,
    (reply) =>
      reply
        .replace(/(?<![\w.])[45]\d\d(?![\w.])/, () => pick(REPLY_CODES))
        .replace(/\b\d\.\d{1,3}\.\d{1,3}\b/, () => pick(statuses)),
    (reply) => `${pick(REPLY_CODES)} ${pick(statuses)} ${reply}`,
    (reply) => multiLine(reply, pick(REPLY_CODES), chance(0.7) ? pick(statuses) : undefined, random),
    (reply) => wrapped(reply, pick(statuses), random),
    (reply) => `${reply.slice(0, Math.floor(random() * reply.length))}`,
    (reply) => `${reply} ${'x'.repeat(1990 - Math.min(reply.length, 1980))} 550 5.1.1 user unknown`,
  ];

  for (const row of rows) {
    add(diagnostic(row.reply, row));
    add(diagnostic(row.reply, { provider: row.provider }));
    for (const mutate of mutations) {
      add(diagnostic(mutate(row.reply), chance(0.5) ? row : { provider: row.provider }));
    }
    // Mutations compose: a lower-cased reply wrapped by an MTA, a multi-line one with its spacing changed.
    for (let combined = 0; combined < 16; combined++) {
      add(diagnostic(pick(mutations)(pick(mutations)(row.reply)), chance(0.5) ? row : { provider: row.provider }));
    }
    add({
      smtp: {
        diagnostic: row.reply,
        ...(chance(0.5) && { replyCode: Number(pick(REPLY_CODES)) }),
        ...(chance(0.5) && { enhancedStatus: pick(statuses) }),
        ...(chance(0.5) && { stage: pick<SmtpStage>(SMTP_STAGES) }),
      },
      ...(chance(0.3) && { dsnStatus: pick(statuses) }),
    });
    const [provider, type, subType] = pick(VERDICT_LABELS);
    add({
      smtp: { diagnostic: chance(0.3) ? '' : row.reply },
      providerVerdict: { provider, ...(type !== undefined && { type }), ...(subType !== undefined && { subType }) },
      ...(chance(0.3) && { dsnStatus: pick(statuses) }),
    });
  }

  const patterns = classifierPatterns();
  const sampled = patterns.flatMap((pattern) => Array.from({ length: 10 }, () => samplePattern(pattern, random)));
  for (const sample of sampled) {
    const reply = chance(0.5) ? `${pick(REPLY_CODES)} ${pick(statuses)} ${sample}` : sample;
    add(
      diagnostic(chance(0.4) ? wrapped(reply, pick(statuses), random) : reply, {
        provider: chance(0.1) ? pick(PROVIDERS) : undefined,
      }),
    );
  }
  for (let pair = 0; pair < sampled.length; pair++) {
    const reply = `${pick(REPLY_CODES)} ${pick(statuses)} ${pick(sampled)} ${pick(['', '; ', ' - ', ' and '])}${pick(sampled)}`;
    add(diagnostic(chance(0.3) ? multiLine(reply, pick(REPLY_CODES), pick(statuses), random) : reply));
  }
  return items;
}

/** A reply split into the lines of a multi-line SMTP answer ("550-5.1.1 ..." and "550 5.1.1 ..." on the last). */
function multiLine(reply: string, code: string, status: string | undefined, random: () => number): string {
  const words = reply.split(' ');
  const lines: string[] = [];
  while (words.length > 0) {
    lines.push(words.splice(0, 1 + Math.floor(random() * 6)).join(' '));
  }
  return lines
    .map((line, index) => {
      const separator = index === lines.length - 1 ? ' ' : '-';
      return status === undefined ? `${code}${separator}${line}` : `${code}${separator}${status} ${line}`;
    })
    .join(random() < 0.5 ? '\n' : ' ');
}

/** The reply inside a DSN field, an MTA's notice or a transcript. */
function wrapped(reply: string, status: string, random: () => number): string {
  const host = HOSTS[Math.floor(random() * HOSTS.length)]!;
  const command = STAGE_COMMANDS[Math.floor(random() * STAGE_COMMANDS.length)]!;
  switch (Math.floor(random() * 8)) {
    case 0:
      return `host ${host}[192.0.2.${Math.floor(random() * 250)}] said: ${reply} (in reply to ${command} command)`;
    case 1:
      return `Diagnostic-Code: smtp; ${reply}`;
    case 2:
      return `Status: ${status} Diagnostic-Code: smtp; ${reply}`;
    case 3:
      return `Final-Recipient: rfc822; jane@example.com\nAction: failed\nStatus: ${status}\nRemote-MTA: dns; ${host}\nDiagnostic-Code: smtp; ${reply}`;
    case 4:
      return `SMTP error from remote mail server after ${command}:<jane@example.com>: ${reply}`;
    case 5:
      return `>>> ${command}:<jane@example.com>\n<<< ${reply}`;
    case 6:
      return `X-Postfix; ${reply}`;
    default:
      return `${host} [192.0.2.7]: ${reply}`;
  }
}
