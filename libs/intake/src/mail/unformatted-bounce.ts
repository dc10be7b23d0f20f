import type { MimeMessage } from './mime-message';
import { firstHeader } from './mime-message';
import { flatten } from './smtp-reply';

/**
 * A notice in no known format can still be a bounce: sent with a null return path or by a mailer daemon, or titled
 * like one. With a VERP address it is still tied to a recipient; its first SMTP reply line is the evidence.
 */

const DAEMON_SENDER = /mailer-daemon|postmaster|mail delivery (?:system|subsystem)/i;
const BOUNCE_SUBJECT =
  /undeliver|delivery status notification|delivery (?:failure|failed|problem)|returned mail|failure notice|mail delivery failed|could not be delivered|non-?delivery|returned to sender/i;
const DELAY_WORDS = /\bdelayed\b|still being retried|will (?:continue to )?retry|not yet been delivered/i;
const SMTP_REPLY_LINE = /(?:^|[\s(:'"])([45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}\b)?[^\n]{3,300})/m;

export function looksLikeBounce(message: MimeMessage): boolean {
  return (
    /^\s*<\s*>\s*$/.test(firstHeader(message, 'return-path') ?? '') ||
    DAEMON_SENDER.test(firstHeader(message, 'from') ?? '') ||
    BOUNCE_SUBJECT.test(message.subject)
  );
}

export function unformattedBounceKind(message: MimeMessage): 'bounce' | 'delay' {
  return DELAY_WORDS.test(message.subject) || DELAY_WORDS.test(message.text) ? 'delay' : 'bounce';
}

export function firstSmtpReply(text: string): string | undefined {
  const reply = SMTP_REPLY_LINE.exec(text)?.[1];
  return reply === undefined ? undefined : flatten(reply);
}
