import type { MimeMessage } from './mime-message';
import { firstHeader } from './mime-message';

/**
 * Mails that answer a message without being about its delivery: out-of-office and other auto-replies (RFC 3834
 * `Auto-Submitted: auto-replied`, the older X-Autoreply / X-Autorespond / Precedence conventions, and their usual
 * subjects) and challenge-response systems asking the sender to prove they are human. Neither says anything about
 * whether the address works. Checked only after every bounce format, since bounces carry `Auto-Submitted` too.
 */
export type AutoReplyKind = 'auto-reply' | 'challenge-response';

const AUTO_REPLY_SUBJECT =
  /^(?:(?:re|aw|sv|antw):\s*)*(?:auto:|automatic reply\b|auto[- ]?reply\b|auto[- ]?response\b|autosvar\b|out of (?:the )?office\b|abwesenheitsnotiz\b|r[ée]ponse automatique\b|respuesta autom[aá]tica\b)|\bout of (?:the )?office\b|\bon vacation\b|自動応答|自動返信/i;
const CHALLENGE_SUBJECT =
  /\bchallenge\b|please confirm your (?:message|e-?mail)|verify you are (?:a )?human|\bverification required\b/i;
const CHALLENGE_BODY =
  /please confirm your (?:message|e-?mail)|verify (?:that )?you are (?:a )?human|prove (?:that )?you are (?:a )?human|challenge[- ]response|(?:click|follow) the link below to (?:confirm|verify) (?:that )?you/i;
/** Only the opening of a body is read: a challenge says what it wants at once, and long bodies stay cheap. */
const BODY_PREFIX_LENGTH = 4000;

export function autoReplyKind(message: MimeMessage): AutoReplyKind | undefined {
  if (CHALLENGE_SUBJECT.test(message.subject) || CHALLENGE_BODY.test(message.text.slice(0, BODY_PREFIX_LENGTH))) {
    return 'challenge-response';
  }
  const autoSubmitted = firstHeader(message, 'auto-submitted')?.trim().toLowerCase();
  const precedence = firstHeader(message, 'precedence')?.trim().toLowerCase();
  const flagged =
    autoSubmitted?.startsWith('auto-replied') === true ||
    precedence === 'auto_reply' ||
    isSet(firstHeader(message, 'x-autoreply')) ||
    isSet(firstHeader(message, 'x-autorespond')) ||
    AUTO_REPLY_SUBJECT.test(message.subject);
  return flagged ? 'auto-reply' : undefined;
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && !/^\s*(?:no|false|0)?\s*$/i.test(value);
}
