import type { BounceClass, BounceReason, ProviderVerdict, SmtpEvidence, SmtpStage } from './classification';
import { readReplyText } from './reply-text';

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
const STAGE_IN_TEXT =
  /(?:in reply to|\bafter) (initial connection|(?:pipelined )?mail from|rcpt to|end of data|data|ehlo|helo|lhlo)\b/i;
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

export function readBounceFacts(evidence: BounceEvidence): BounceFacts {
  const smtp = evidence.smtp;
  const reply = readReplyText(typeof smtp?.diagnostic === 'string' ? smtp.diagnostic : '');
  const replyCode = isReplyCode(smtp?.replyCode) ? smtp.replyCode : reply.replyCode;
  const enhancedStatus = mostSpecific(
    statusField(smtp?.enhancedStatus),
    statusField(evidence.dsnStatus),
    reply.enhancedStatus,
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

function isReplyCode(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 200 && value <= 599;
}

function statusField(value: unknown): string | undefined {
  return typeof value === 'string' ? STATUS_FIELD.exec(value)?.[1] : undefined;
}

// A DSN often carries a generic "5.0.0" while the diagnostic quotes the remote server's real code; the generic one
// would hide the cause (and turn an expired 4xx deferral into a hard bounce), so any specific code wins over it.
function mostSpecific(field: string | undefined, dsn: string | undefined, inText: string | undefined) {
  const first = field ?? dsn ?? inText;
  if (first === undefined || !isGeneric(first)) {
    return first;
  }
  if (dsn !== undefined && !isGeneric(dsn)) {
    return dsn;
  }
  return inText !== undefined && !isGeneric(inText) ? inText : first;
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

function stageInText(text: string): SmtpStage | undefined {
  const command = STAGE_IN_TEXT.exec(text)?.[1];
  return command === undefined ? undefined : STAGE_BY_COMMAND[command.toLowerCase()];
}
