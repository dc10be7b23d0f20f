import type { BounceClass, BounceReason, ProviderVerdict, SmtpEvidence, SmtpStage } from './classification';
import { PhraseIndex } from './phrase-index';
import { MAX_REPLY_TEXT_LENGTH, readReplyText } from './reply-text';

/** Everything a bounce says about itself; replay re-classifies from exactly this. */
export interface BounceEvidence {
  smtp?: SmtpEvidence;
  providerVerdict?: ProviderVerdict;
  /** DSN Status: field, e.g. "5.1.1" */
  dsnStatus?: string;
}

/** The evidence read once per bounce, so every rule layer looks at the same normalised values. */
export interface BounceFacts {
  readonly text: string;
  readonly replyCode: number | undefined;
  /** The most specific enhanced status code among the field, the DSN Status and the reply text. */
  readonly enhancedStatus: string | undefined;
  /** From the reply code when there is one (that is what the sending MTA acted on), else the status class. */
  readonly permanence: 'permanent' | 'transient' | undefined;
  readonly stage: SmtpStage | undefined;
  readonly verdict: ProviderVerdict | undefined;
}

/** What a rule concluded. Class and count are derived from the reason and the codes unless the rule says otherwise. */
export interface RuleMatch {
  readonly rule: string;
  readonly reason: BounceReason;
  readonly class?: BounceClass;
  readonly countsAgainstRecipient?: boolean;
}

const STATUS_FIELD = /^\s*([245]\.\d{1,3}\.\d{1,3})(?!\.?\d)/;
// The per-recipient and per-message fields of an RFC 3464 report, as pasted from a bounce: one field, or several on
// one line or on consecutive lines.
const REPORT_FIELD_NAMES =
  'final-recipient|original-recipient|action|status|remote-mta|reporting-mta|diagnostic-code|last-attempt-date|' +
  'will-retry-until|received-from-mta|arrival-date|x-actual-recipient';
const REPORT_FIELD = new RegExp(`(?:^|[\\s|;,])(${REPORT_FIELD_NAMES})\\s*:\\s*`, 'gi');
const OPENS_WITH_REPORT_FIELD = new RegExp(`^\\s*(?:${REPORT_FIELD_NAMES})\\s*:`, 'i');
// Postfix "in reply to", Exim "after" and the ">>>" command lines of a Sendmail transcript.
const STAGE_IN_TEXT =
  /(?:in reply to|\bafter|>>>) (initial connection|(?:pipelined )?mail from|rcpt to|end of data|data|ehlo|helo|lhlo)\b/i;
const STAGE_BY_COMMAND: Readonly<Record<string, SmtpStage>> = {
  'initial connection': 'connect',
  ehlo: 'helo',
  helo: 'helo',
  lhlo: 'helo',
  'mail from': 'mail_from',
  'pipelined mail from': 'mail_from',
  'rcpt to': 'rcpt_to',
  data: 'data',
  'end of data': 'end_of_data',
};
// Without a transcript marker, words that say the server refused the connection, our greeting or our envelope sender
// place the refusal before RCPT TO just as well (Gmail tags the command in parentheses: "(EHLO)").
const SENDER_STAGE_PHRASES: readonly (readonly [RegExp, SmtpStage])[] = [
  [
    /\((?:EHLO|HELO)\)|\b(?:EHLO|HELO)(?: command)? (?:rejected|refused|denied)|\b(?:invalid|bad) (?:EHLO|HELO)\b/i,
    'helo',
  ],
  [
    /\(MAIL(?: FROM)?\)|\bMAIL FROM(?: command)? (?:rejected|refused|denied)|\bsender (?:address )?(?:rejected|refused|denied)\b|\bdomain of sender address\b|\bsender verify failed\b/i,
    'mail_from',
  ],
  [
    /\bconnection (?:refused|rejected|denied|not accepted)\b|\b(?:refused|rejected|denied|dropped) (?:your |the |this )?connection\b|\bconnections? (?:will|are) not (?:be )?accepted\b|\bno SMTP service here\b|\brefused to talk to me\b|\bnot accepting (?:your )?connections?\b/i,
    'connect',
  ],
];

/** The patterns that place a refusal in the SMTP dialogue from its words. */
export const STAGE_PATTERNS: readonly RegExp[] = [STAGE_IN_TEXT, ...SENDER_STAGE_PHRASES.map(([phrase]) => phrase)];
// Most replies name no SMTP command and none of the sender-stage phrases: one pass over the text tells, where trying
// the four patterns would scan it four times.
const STAGE_WORDS = new PhraseIndex(STAGE_PATTERNS);

/** What a pasted delivery-status report line says, or the whole text as the diagnostic when it names no field. */
interface ReportFields {
  readonly diagnostic: string;
  readonly status: string | undefined;
}

export function readBounceFacts(evidence: BounceEvidence): BounceFacts {
  const smtp = evidence.smtp;
  const report = readReportFields(typeof smtp?.diagnostic === 'string' ? smtp.diagnostic : '');
  const reply = readReplyText(report.diagnostic);
  const replyCode = isReplyCode(smtp?.replyCode) ? smtp.replyCode : reply.replyCode;
  const enhancedStatus = mostSpecific(
    statusField(smtp?.enhancedStatus),
    reply.enhancedStatus,
    statusField(evidence.dsnStatus) ?? statusField(report.status),
  );
  return {
    text: reply.text,
    replyCode,
    enhancedStatus,
    permanence: permanenceOf(replyCode, enhancedStatus),
    stage: smtp?.stage ?? stageInText(reply.text),
    verdict: evidence.providerVerdict,
  };
}

// The fields before a long Diagnostic-Code are short, so twice the reply bound keeps every field that matters.
const MAX_REPORT_LENGTH = 2 * MAX_REPLY_TEXT_LENGTH;

function readReportFields(text: string): ReportFields {
  if (!OPENS_WITH_REPORT_FIELD.test(text)) {
    return { diagnostic: text, status: undefined };
  }
  const raw = text.slice(0, MAX_REPORT_LENGTH);
  // A field's value runs to the next field's name; the first of each name counts. Only two fields are read, so the
  // scan keeps where the one before began instead of collecting every field.
  let diagnostic: string | undefined;
  let status: string | undefined;
  let name: string | undefined;
  let valueStart = 0;
  REPORT_FIELD.lastIndex = 0;
  for (let field = REPORT_FIELD.exec(raw); ; field = REPORT_FIELD.exec(raw)) {
    const valueEnd = field === null ? raw.length : field.index;
    if (diagnostic === undefined && name === 'diagnostic-code') {
      diagnostic = raw.slice(valueStart, valueEnd).trim();
    } else if (status === undefined && name === 'status') {
      status = raw.slice(valueStart, valueEnd).trim();
    }
    if (field === null) {
      break;
    }
    name = field[1]!.toLowerCase();
    valueStart = valueEnd + field[0].length;
  }
  return { diagnostic: diagnostic ?? '', status };
}

function isReplyCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599;
}

function statusField(value: unknown): string | undefined {
  return typeof value === 'string' ? STATUS_FIELD.exec(value)?.[1] : undefined;
}

// A DSN often carries a generic "5.0.0" while the diagnostic quotes the remote server's real code; the generic one
// would hide the cause (and turn an expired 4xx deferral into a hard bounce), so any specific code wins over it. The
// code the remote server gave in its own reply is its word on the cause, so it also wins over the DSN's Status, which
// the reporting MTA derived.
function mostSpecific(...candidates: (string | undefined)[]): string | undefined {
  const present = candidates.filter((status): status is string => status !== undefined);
  return present.find((status) => !isGeneric(status)) ?? present[0];
}

function isGeneric(status: string): boolean {
  return status.endsWith('.0.0');
}

function permanenceOf(replyCode: number | undefined, status: string | undefined): BounceFacts['permanence'] {
  const digit = replyCode === undefined ? Number(status?.charAt(0)) : Math.floor(replyCode / 100);
  if (digit === 5) {
    return 'permanent';
  }
  return digit === 4 ? 'transient' : undefined;
}

/** The SMTP command a notice says it was answering ("in reply to RCPT TO", "after MAIL FROM", ">>> DATA"). */
export function smtpCommandStage(text: string): SmtpStage | undefined {
  const command = STAGE_IN_TEXT.exec(text)?.[1];
  return command === undefined ? undefined : STAGE_BY_COMMAND[command.toLowerCase()];
}

function stageInText(text: string): SmtpStage | undefined {
  STAGE_WORDS.read(text);
  const command = STAGE_WORDS.mayMatch(0) ? smtpCommandStage(text) : undefined;
  if (command !== undefined) {
    return command;
  }
  for (let index = 0; index < SENDER_STAGE_PHRASES.length; index++) {
    const [phrase, stage] = SENDER_STAGE_PHRASES[index]!;
    if (STAGE_WORDS.mayMatch(index + 1) && phrase.test(text)) {
      return stage;
    }
  }
  return undefined;
}
