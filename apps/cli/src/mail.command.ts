import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { RecipientCommand } from '@app/domain';
import { normaliseAddress } from '@app/domain';
import type { IntakeOutcome } from '@app/intake';
import { readBounceMail, recipientCommandOf, toIntakeOutcomes } from '@app/intake';
import type { RecipientCommandLoop } from '@app/recipients';
import type { MailMessage } from './mail-messages';
import { messagesAt, stdinMessage } from './mail-messages';
import { withCliContext } from './support/cli-context';

interface MailTally {
  messages: number;
  unreadable: number;
  recorded: number;
  duplicates: number;
  ignored: number;
  invalid: number;
  problems: string[];
}

export function registerMailCommand(program: Command): void {
  program
    .command('mail')
    .description(
      'Record what raw bounce mails report (bounces, complaints, deliveries; delays and auto-replies are read and ignored)',
    )
    .argument('[path...]', 'maildir folders, mbox files or .eml files; without any, one message on standard input')
    .action((paths: string[]) => runMail(paths));
}

async function runMail(paths: string[]): Promise<void> {
  const tally: MailTally = {
    messages: 0,
    unreadable: 0,
    recorded: 0,
    duplicates: 0,
    ignored: 0,
    invalid: 0,
    problems: [],
  };
  await withCliContext(async (context) => {
    const loop = context.commandLoop();
    const messages = paths.length === 0 ? [await stdinMessage()] : messagesAt(paths);
    for (const message of messages) {
      if ('error' in message) {
        tally.unreadable++;
        tally.problems.push(`${message.label}: cannot be read: ${message.error}`);
        continue;
      }
      tally.messages++;
      await recordMessage(loop, message, tally);
    }
  });
  const unreadable = tally.unreadable > 0 ? ` (${tally.unreadable} paths unreadable)` : '';
  process.stdout.write(
    `Read ${tally.messages} message${tally.messages === 1 ? '' : 's'}${unreadable}: ${tally.recorded} recorded, ` +
      `${tally.duplicates} already recorded, ${tally.ignored} ignored, ${tally.invalid} invalid.\n`,
  );
  tally.problems.forEach((line) => process.stderr.write(`  ${line}\n`));
  if (tally.unreadable > 0) {
    process.exitCode = 1;
  }
}

/** Every recipient the message reports, through the command loop the API runs, one after another. */
async function recordMessage(loop: RecipientCommandLoop, message: MailMessage, tally: MailTally): Promise<void> {
  const report = await readBounceMail(message.bytes, { receivedAt: message.receivedAt });
  // One correlation per message: every recipient it reports is traced back to it.
  const correlationId = randomUUID();
  for (const outcome of toIntakeOutcomes(report, { receivedAt: message.receivedAt })) {
    const mapped = commandOf(outcome);
    if ('ignored' in mapped) {
      tally.ignored++;
      continue;
    }
    if ('invalid' in mapped) {
      tally.invalid++;
      tally.problems.push(`${message.label}: ${mapped.invalid}`);
      continue;
    }
    const { command } = mapped;
    const messageId = 'messageId' in outcome ? outcome.messageId : undefined;
    const causation = messageId === undefined || messageId === '' ? {} : { causationId: messageId };
    const { decision } = await loop.execute(command, undefined, { source: 'cli:mail', correlationId, ...causation });
    switch (decision.outcome) {
      case 'recorded':
        tally.recorded++;
        break;
      case 'duplicate':
        tally.duplicates++;
        break;
      case 'not_recorded':
        tally.ignored++;
        break;
      case 'rejected':
        tally.invalid++;
        tally.problems.push(`${message.label}: ${command.address}: ${decision.message}`);
        break;
      default: {
        const unknown: never = decision;
        return unknown;
      }
    }
  }
}

/** The domain command an outcome stands for, or why there is none. */
function commandOf(outcome: IntakeOutcome): { command: RecipientCommand } | { ignored: true } | { invalid: string } {
  if (outcome.kind === 'ignored') {
    return { ignored: true };
  }
  if (outcome.kind === 'invalid') {
    return { invalid: `${outcome.field}: ${outcome.message}` };
  }
  const address = normaliseAddress(outcome.address);
  if (!address.ok) {
    return { invalid: `${outcome.address}: not a valid email address: ${address.message}` };
  }
  return { command: recipientCommandOf(outcome, address.address) };
}
