import type { Command } from 'commander';
import type { Classification, PolicyOverride, ProviderVerdict } from '@app/domain';
import { classifyBounce } from '@app/domain';
import { classifyMail } from './classify-mail';
import { CliError } from './support/cli-error';
import { policyInForce } from './support/cli-context';
import { ClassificationJson } from './support/classification-json';
import { LineWriter } from './support/line-writer';
import { readPolicyFile } from './support/policy-file';

/**
 * Support pastes the same replies again and again; a bounded memo makes a 100,000-line file a matter of moments. It is
 * small because every line it holds outlives the young generation: a memo of 50,000 lines cost distinct lines (a bounce
 * log, where each names its recipient) more garbage collection than it saved, while a day's log repeats a few hundred
 * wordings.
 */
const MEMO_SIZE = 1_024;
// The line endings readline knows: a '\r' alone ends a line too.
const LINE_BREAK = /\r?\n|\r/;

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
  if (options.mail !== undefined) {
    return classifyMail(options.mail, { ...options, reply });
  }
  if ((reply === undefined) === (options.stdin !== true)) {
    throw new CliError('give either one reply as an argument or --stdin, not both or neither');
  }
  const policy = options.policy === undefined ? await policyInForce() : readPolicyFile(options.policy);
  const classify = classifier(policy.overrides, options);
  const out = LineWriter.toStdout();
  if (reply !== undefined) {
    const classification = classify(reply);
    (options.json === true ? [JSON.stringify(classification)] : describe(classification)).forEach((line) =>
      out.line(line),
    );
    out.flush();
    return;
  }
  const json = new ClassificationJson();
  const classifyToJson = memoised((line) => json.of(classify(line)));
  for await (const lines of stdinLines()) {
    for (const line of lines) {
      out.line(classifyToJson(line));
    }
  }
  out.flush();
}

/**
 * Standard input a chunk at a time, split into lines as readline splits them (LF, CRLF or a lone CR; the last line
 * needs no line break). Splitting whole chunks costs a fraction of readline's per-line events.
 */
async function* stdinLines(): AsyncGenerator<string[]> {
  process.stdin.setEncoding('utf8');
  let pending = '';
  for await (const chunk of process.stdin as AsyncIterable<string>) {
    const text = pending + chunk;
    // A CR that ends the chunk may be the first half of a CRLF: it waits for the next chunk.
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    const complete = text.slice(0, end);
    // Most input has LF endings only: splitting on a string is cheaper than on the pattern.
    const lines = complete.includes('\r') ? complete.split(LINE_BREAK) : complete.split('\n');
    pending = lines.pop()! + text.slice(end);
    yield lines;
  }
  if (pending !== '') {
    const lines = pending.split(LINE_BREAK);
    if (lines[lines.length - 1] === '') {
      lines.pop();
    }
    yield lines;
  }
}

function classifier(overrides: PolicyOverride[], options: ClassifyOptions): (reply: string) => Classification {
  const providerVerdict: ProviderVerdict | undefined =
    options.provider === undefined ? undefined : { provider: options.provider };
  return (reply) =>
    classifyBounce({ smtp: { diagnostic: reply }, providerVerdict, dsnStatus: options.status }, overrides);
}

/** The output for each distinct line is worked out once, up to MEMO_SIZE lines at a time. */
function memoised(work: (line: string) => string): (line: string) => string {
  const memo = new Map<string, string>();
  return (line) => {
    let output = memo.get(line);
    if (output === undefined) {
      output = work(line);
      if (memo.size >= MEMO_SIZE) {
        memo.clear();
      }
      memo.set(line, output);
    }
    return output;
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
