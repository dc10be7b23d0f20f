import { readAddress } from './mail-address';
import type { MimeMessage } from './mime-message';
import { smtpCommandStage } from '@app/domain';
import { flatten } from './smtp-reply';
import type { TextBounce, TextBounceReader, TextRecipient } from './text-bounce';
import { paragraphsOf, textAfter } from './text-bounce';

/**
 * qmail (the qmail-send bounce message format, QSBMF), Yahoo's qmail-derived front end and Postfix without its
 * report part all write one paragraph per recipient that opens with `<address>:`, followed by what went wrong.
 */

// qmail and Yahoo end the list with "--- Below this line is a copy of the message."
const COPY_MARKER = /^-{2,}\s*(?:Below this line is a copy|Enclosed is a copy|This is a copy)/m;
const RECIPIENT_PARAGRAPH = /^<([^<>\s]+)>(?:[ \t]*\(expanded from <[^<>]*>\))?:[ \t]*([\s\S]*)$/;

export const readQmailBounce: TextBounceReader = (notice) => {
  const body = textAfter(notice.text, /^Hi\. This is the qmail-send program at .*$/m);
  if (body === undefined) {
    return undefined;
  }
  return paragraphBounce('qmail', body, (detail) => {
    const remote = /Remote host said:\s*([\s\S]*?)(?:\n\s*Giving up on [^\n]*)?$/.exec(detail);
    const givingUpOn = /Giving up on ([^\s]+?)\.?\s*$/m.exec(detail)?.[1];
    const diagnostic = flatten(remote === null ? detail : remote[1]!);
    return { diagnostic, remoteMta: givingUpOn, stage: smtpCommandStage(detail) };
  });
};

export const readYahooBounce: TextBounceReader = (notice) => {
  const body = textAfter(
    notice.text,
    /Sorry, we were unable to deliver your message to the following address(?:es)?\.?/,
  );
  if (body === undefined) {
    return undefined;
  }
  return paragraphBounce('yahoo', body, (detail) => ({
    diagnostic: flatten(detail.replace(/^\s*Remote host said:\s*/, '')),
  }));
};

export const readPostfixBounce: TextBounceReader = (notice) => {
  const body =
    textAfter(notice.text, /^This is the mail system at host .*$/m) ??
    textAfter(notice.text, /I'm sorry to have to inform you that your message could not/);
  if (body === undefined) {
    return undefined;
  }
  const kind = isPostfixDelay(notice) ? 'delay' : 'bounce';
  return paragraphBounce(
    'postfix',
    body,
    (detail) => {
      // Postfix wraps at 80 columns, even inside "host … said:" and "(in reply to RCPT TO command)".
      const flat = flatten(detail);
      const said = /^host ([^\s[]+)(?:\[[^\]]*\])? said: (.*?)(?: \(in reply to [^()]{1,40}\))?$/.exec(flat);
      return said === null
        ? { diagnostic: flat }
        : { diagnostic: said[2]!, remoteMta: said[1]!, stage: smtpCommandStage(flat) };
    },
    kind,
  );
};

// Postfix's delay notice: "Delayed Mail (still being retried)", "THIS IS A WARNING ONLY".
function isPostfixDelay(notice: MimeMessage): boolean {
  return /THIS IS A WARNING ONLY/i.test(notice.text) || /^Delayed Mail\b/i.test(notice.subject);
}

function paragraphBounce(
  format: TextBounce['format'],
  body: string,
  readDetail: (detail: string) => Omit<TextRecipient, 'address' | 'kind'>,
  kind: TextRecipient['kind'] = 'bounce',
): TextBounce {
  const copyAt = COPY_MARKER.exec(body)?.index;
  const recipients: TextRecipient[] = [];
  for (const paragraph of paragraphsOf(copyAt === undefined ? body : body.slice(0, copyAt))) {
    const opening = RECIPIENT_PARAGRAPH.exec(paragraph.trim());
    const address = opening === null ? undefined : readAddress(opening[1]);
    if (address !== undefined) {
      const detail = readDetail(opening![2]!.trim());
      recipients.push(withoutEmpty({ address, kind, ...detail }));
    }
  }
  return { format, recipients };
}

function withoutEmpty({ diagnostic, remoteMta, stage, ...required }: TextRecipient): TextRecipient {
  return {
    ...required,
    ...(diagnostic === undefined || diagnostic === '' ? {} : { diagnostic }),
    ...(remoteMta === undefined ? {} : { remoteMta }),
    ...(stage === undefined ? {} : { stage }),
  };
}
