import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './bench-process';

/**
 * Input for `classify --stdin`: one bounce reply per line, built from the project's own bounce evidence table
 * (test/fixtures/bounces) and from codes, phrases and DSN wrappers mixed at random. A seeded generator keeps every run
 * on the same lines.
 */

const TABLE_DIRECTORY = join(REPO_ROOT, 'test', 'fixtures', 'bounces');

const REPLY_CODES = ['', '550', '550-', '551', '552', '553', '554', '421', '450', '451', '452', '503', '521', '535'];
const STATUS_CODES = [
  '',
  '5.0.0',
  '5.1.1',
  '5.1.2',
  '5.1.10',
  '5.2.1',
  '5.2.2',
  '5.3.4',
  '5.4.1',
  '5.4.7',
  '5.5.0',
  '5.7.1',
  '5.7.26',
  '5.7.28',
  '5.7.606',
  '4.2.2',
  '4.3.2',
  '4.4.1',
  '4.7.0',
  '4.7.1',
  '4.7.650',
  '2.0.0',
];
const PHRASES = [
  'User unknown',
  'Recipient address rejected: User unknown in virtual mailbox table',
  'No such user here',
  'The email account that you tried to reach does not exist',
  'mailbox unavailable',
  'Mailbox is full',
  'Quota exceeded',
  'The recipient mailbox is full and cannot accept messages now',
  'Requested action aborted: local error in processing',
  'Message rejected due to local policy',
  'Service unavailable; Client host [192.0.2.44] blocked using zen.spamhaus.org',
  'Rate limited due to IP reputation',
  'Too many connections from your IP',
  'Greylisted, please try again in 300 seconds',
  'Relay access denied',
  'Sender address rejected: Domain not found',
  'Message size exceeds fixed maximum message size',
  'Message content rejected',
  'This message does not have authentication information or fails to pass authentication checks (SPF or DKIM)',
  'Account disabled',
  'Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found',
  'Connection timed out',
  'try again later',
  'Delivery not authorized, message refused',
  'Our system has detected an unusual rate of unsolicited mail originating from your IP address',
  'RESOLVER.ADR.RecipNotFound; not found',
  'Requested mail action not taken: mailbox unavailable',
  'Access denied, banned sender',
  'Out of office until Monday',
  'mailbox temporarily disabled',
];
const HOSTS = ['mx.example.net', 'mx1.example.com', 'gmail-smtp-in.l.google.com', 'mail.example.org'];

/** A small seeded generator (mulberry32): the same seed gives the same lines on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** Every reply of the bounce evidence table, as written (multi-line replies keep their line breaks). */
export function tableReplies(): string[] {
  return readdirSync(TABLE_DIRECTORY)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(join(TABLE_DIRECTORY, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { reply: string }).reply);
}

/** A reply made of a code, a status, a phrase and a wrapper, each drawn at random. */
function mixedReply(random: () => number, phrases: readonly string[]): string {
  const code = pick(random, REPLY_CODES);
  const status = pick(random, STATUS_CODES);
  const phrase = pick(random, phrases);
  const reply = [code, status, phrase].filter((part) => part !== '').join(' ');
  switch (Math.floor(random() * 6)) {
    case 0:
      return `host ${pick(random, HOSTS)}[192.0.2.${Math.floor(random() * 250)}] said: ${reply} (in reply to RCPT TO command)`;
    case 1:
      return `Diagnostic-Code: smtp; ${reply}`;
    case 2:
      return `Status: ${status === '' ? '5.0.0' : status} Diagnostic-Code: smtp; ${reply}`;
    case 3:
      return `Final-Recipient: rfc822; jane@example.com Action: failed Status: ${status || '4.0.0'} Remote-MTA: dns; ${pick(random, HOSTS)} Diagnostic-Code: smtp; ${reply}`;
    case 4:
      return `SMTP error from remote mail server after RCPT TO:<jane@example.com>: ${reply}`;
    default:
      return reply;
  }
}

/**
 * `count` reply lines, half from the table and half mixed from fragments. `distinct` makes every line unique the way
 * real bounces differ (a recipient address and a queue id), so no memo can help; otherwise the lines repeat as a
 * day's bounce log does: a few hundred wordings, some far more common than others.
 */
export function replyLines(count: number, distinct: boolean, seed = 1): string[] {
  const random = seededRandom(seed);
  const table = tableReplies().map((reply) => reply.replace(/\s*\n\s*/g, ' '));
  const phrases = [...PHRASES, ...table.slice(0, 200)];
  const pool = distinct ? [] : Array.from({ length: 500 }, () => line(random, table, phrases));
  return Array.from({ length: count }, (_, index) => {
    if (!distinct) {
      // Squaring skews the draw toward the first wordings of the pool, as a few replies dominate real logs.
      return pool[Math.floor(random() ** 2 * pool.length)] as string;
    }
    return `${line(random, table, phrases)} <user${index}@example.com> id=${(index * 2654435761) >>> 0}`;
  });
}

function line(random: () => number, table: readonly string[], phrases: readonly string[]): string {
  return random() < 0.5 ? pick(random, table) : mixedReply(random, phrases);
}
