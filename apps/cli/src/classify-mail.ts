import { readFileSync } from 'node:fs';
import type { Classification, PolicyOverride } from '@app/domain';
import { classifyBounce } from '@app/domain';
import type { IntakeOutcome, MailRecipient } from '@app/intake';
import { readBounceMail, toIntakeOutcomes } from '@app/intake';
import { CliError } from './support/cli-error';
import { policyInForce } from './support/cli-context';
import { LineWriter } from './support/line-writer';
import { readPolicyFile } from './support/policy-file';

export interface ClassifyMailOptions {
  json?: boolean;
  policy?: string;
  /** A reply argument or --stdin given beside --mail: refused, since it would be silently ignored. */
  reply?: string;
  stdin?: boolean;
}

/** One line of `classify --mail --json`: classification fields for bounces only, `error` for an unreadable file. */
interface MailLine {
  file: string;
  address?: string;
  kind?: MailRecipient['kind'];
  class?: Classification['class'];
  reason?: Classification['reason'];
  countsAgainstRecipient?: boolean;
  rule?: string;
  status?: string;
  diagnostic?: string;
  error?: string;
}

/**
 * `classify --mail FILE...`: reads each raw mail as the service would and prints, per recipient in the order the mail
 * lists them, the address, what the mail says happened, and for a bounce the classification and its rule.
 */
export async function classifyMail(files: readonly string[], options: ClassifyMailOptions): Promise<void> {
  if (options.reply !== undefined || options.stdin === true) {
    throw new CliError('--mail takes mail files only: give no reply and no --stdin with it');
  }
  if (files.length === 0) {
    throw new CliError('--mail needs at least one mail file');
  }
  const policy = options.policy === undefined ? await policyInForce() : readPolicyFile(options.policy);
  const out = LineWriter.toStdout();
  for (const file of files) {
    for (const line of await linesOf(file, policy.overrides)) {
      out.line(options.json === true ? JSON.stringify(line) : describe(line));
    }
  }
  out.flush();
}

async function linesOf(file: string, overrides: readonly PolicyOverride[]): Promise<MailLine[]> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return [{ file, error: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }];
  }
  // Any time will do: it only stands in for a notice without a date, and nothing is recorded.
  const receivedAt = new Date().toISOString();
  const report = await readBounceMail(bytes, { receivedAt });
  if (report.error !== undefined) {
    return [{ file, error: report.error }];
  }
  const outcomes = toIntakeOutcomes(report, { receivedAt });
  return report.recipients.map((recipient, index) => lineOf(file, recipient, outcomes[index], overrides));
}

function lineOf(
  file: string,
  recipient: MailRecipient,
  outcome: IntakeOutcome | undefined,
  overrides: readonly PolicyOverride[],
): MailLine {
  const line: MailLine = { file, address: recipient.address, kind: recipient.kind };
  if (outcome?.kind === 'bounce') {
    const classification = classifyBounce(
      { smtp: outcome.smtp, providerVerdict: outcome.providerVerdict, dsnStatus: outcome.dsnStatus },
      overrides,
    );
    line.class = classification.class;
    line.reason = classification.reason;
    line.countsAgainstRecipient = classification.countsAgainstRecipient;
    line.rule = classification.rule;
  }
  line.status = recipient.status;
  line.diagnostic = recipient.diagnostic;
  return line;
}

function describe(line: MailLine): string {
  if (line.error !== undefined) {
    return `${line.file}: error: ${line.error}`;
  }
  const head = `${line.file}: ${line.address} ${line.kind}`;
  if (line.class === undefined) {
    return line.status === undefined ? head : `${head} (status ${line.status})`;
  }
  const counts = line.countsAgainstRecipient === true ? 'counts against the recipient' : 'does not count';
  return `${head}: ${line.class}/${line.reason}, ${counts} (rule ${line.rule})`;
}
