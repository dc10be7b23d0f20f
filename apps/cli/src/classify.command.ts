import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Classification, PolicyOverride, ProviderVerdict } from '@app/domain';
import { classifyBounce } from '@app/domain';
import { classifyMail } from './classify-mail';
import { CliError } from './support/cli-error';
import { policyInForce } from './support/cli-context';
import { LineWriter } from './support/line-writer';
import { readPolicyFile } from './support/policy-file';

/** Support pastes the same replies again and again; a bounded memo makes a 100,000-line file a matter of moments. */
const MEMO_SIZE = 50_000;

interface ClassifyOptions {
  json?: boolean;
  mail?: string[];
  stdin?: boolean;
  provider?: string;
  status?: string;
  policy?: string;
}

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('Classify an SMTP reply the way the service would (class, reason, whether it counts, the rule)')
    .argument(
      '[reply]',
      'the reply line, e.g. "550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown"',
    )
    .option('--json', 'print one JSON object')
    .option(
      '--stdin',
      'classify one reply per input line (a bare reply, or DSN fields such as "Status: 5.1.1 Diagnostic-Code: smtp; 550 ..."), printing one JSON object per line, in order',
    )
    .option('--provider <name>', 'the provider that reported it (ses, sendgrid, postmark, mailgun, mta, ...)')
    .option('--status <code>', "the DSN's Status: field, e.g. 5.1.1")
    .option('--mail <file...>', 'classify each recipient of these raw bounce mails (.eml) instead of a reply')
    .option('--policy <file>', 'use the overrides of this policy instead of the one in force')
    .action((reply: string | undefined, options: ClassifyOptions) => runClassify(reply, options));
}

async function runClassify(reply: string | undefined, options: ClassifyOptions): Promise<void> {
  if (options.mail !== undefined && reply === undefined && options.stdin !== true) {
    return classifyMail(options.mail, options);
  }
  if ((reply === undefined) === (options.stdin !== true)) {
    throw new CliError('give either one reply as an argument or --stdin, not both or neither');
  }
  const policy = options.policy === undefined ? await policyInForce() : readPolicyFile(options.policy);
  const classify = memoisedClassifier(policy.overrides, options);
  const out = LineWriter.toStdout();
  if (reply !== undefined) {
    const classification = classify(reply);
    (options.json === true ? [JSON.stringify(classification)] : describe(classification)).forEach((line) =>
      out.line(line),
    );
    out.flush();
    return;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    out.line(JSON.stringify(classify(line)));
  }
  out.flush();
}

function memoisedClassifier(overrides: PolicyOverride[], options: ClassifyOptions): (reply: string) => Classification {
  const providerVerdict: ProviderVerdict | undefined =
    options.provider === undefined ? undefined : { provider: options.provider };
  const memo = new Map<string, Classification>();
  return (reply) => {
    let classification = memo.get(reply);
    if (classification === undefined) {
      classification = classifyBounce(
        { smtp: { diagnostic: reply }, providerVerdict, dsnStatus: options.status },
        overrides,
      );
      if (memo.size >= MEMO_SIZE) {
        memo.clear();
      }
      memo.set(reply, classification);
    }
    return classification;
  };
}

function describe(classification: Classification): string[] {
  return [
    `class:                    ${classification.class}`,
    `reason:                   ${classification.reason}`,
    `counts against recipient: ${classification.countsAgainstRecipient ? 'yes' : 'no'}`,
    `rule:                     ${classification.rule}`,
    `classifier version:       ${classification.classifierVersion}`,
  ];
}
