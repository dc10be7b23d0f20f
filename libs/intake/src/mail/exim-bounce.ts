import { addressesIn, readAddress } from './mail-address';
import { firstHeader } from './mime-message';
import { smtpCommandStage } from '@app/domain';
import { flatten } from './smtp-reply';
import type { TextBounceReader, TextRecipient } from './text-bounce';

/**
 * Exim: "This message was created automatically by mail delivery software.", then the failed addresses indented by
 * two spaces, each followed by more deeply indented detail: `host mx.example.org [192.0.2.25]`, "SMTP error from
 * remote mail server after RCPT TO:<…>:" and the reply. Failures also go into the X-Failed-Recipients header.
 */

const MARKER = /This message was created automatically by mail delivery software\./;
const FAILED_LIST =
  /(?:address\(es\) failed|following addresses? failed|could not be delivered to one or more of its\s+recipients[^\n]*)[^\n]*:?[ \t]*\n/i;
const DELAYED_LIST =
  /(?:address(?:es)? to which the message has not yet been delivered (?:is|are)|has not yet been delivered to one or more of its\s+recipients)[^\n]*\n/i;
const COPY_MARKER = /^-{3,}\s*This is a copy of the message/m;
const SMTP_ERROR = /SMTP error from remote (?:mail server|mailer) after ([^:]+?)(?::<[^>]*>)?:\s*([\s\S]*)$/i;

export const readEximBounce: TextBounceReader = (notice) => {
  const failedHeader = firstHeader(notice, 'x-failed-recipients');
  if (!MARKER.test(notice.text) && failedHeader === undefined) {
    return undefined;
  }
  // Only the notice speaks; the copy of the returned message below it may say anything.
  const copyAt = COPY_MARKER.exec(notice.text)?.index;
  const text = copyAt === undefined ? notice.text : notice.text.slice(0, copyAt);
  const delayed = DELAYED_LIST.exec(text);
  const failed = FAILED_LIST.exec(text);
  const list = failed ?? delayed;
  const kind: TextRecipient['kind'] = failed === null && delayed !== null ? 'delay' : 'bounce';
  const listed = list === null ? [] : readAddressList(text.slice(list.index + list[0].length), kind);
  // Old versions and some forwarders leave the body list out; the header still names every failed address.
  const recipients =
    listed.length > 0 ? listed : addressesIn(failedHeader).map((address) => ({ address, kind: 'bounce' as const }));
  return { format: 'exim', recipients };
};

function readAddressList(text: string, kind: TextRecipient['kind']): TextRecipient[] {
  const lines = text.split('\n');
  const recipients: TextRecipient[] = [];
  let current: { address: string; detail: string[] } | undefined;
  const finish = (): void => {
    if (current !== undefined) {
      recipients.push(recipientOf(current.address, current.detail, kind));
    }
  };
  for (const line of lines) {
    const opening = /^ {1,3}(\S+@\S+?)(?::?\s*$|\s)(.*)$/.exec(line);
    const address = opening === null ? undefined : readAddress(opening[1]!.replace(/^<|>:?$|:$/g, ''));
    if (address !== undefined) {
      finish();
      current = { address, detail: opening![2]!.trim() === '' ? [] : [opening![2]!.trim()] };
    } else if (current !== undefined && /^\s{4,}\S/.test(line)) {
      current.detail.push(line.trim());
    } else if (current !== undefined && line.trim() !== '') {
      // Unindented prose after the list ("No action is required…", "Reporting-MTA: …") ends it.
      break;
    }
  }
  finish();
  return recipients;
}

function recipientOf(address: string, detail: string[], kind: TextRecipient['kind']): TextRecipient {
  const text = detail.join('\n');
  const remoteMta = /^host ([^\s[]+)\s*\[/m.exec(text)?.[1];
  const smtpError = SMTP_ERROR.exec(text);
  const diagnostic = flatten(smtpError === null ? text.replace(/^host [^\n]*\n?/m, '') : smtpError[2]!);
  const recipient: TextRecipient = { address, kind };
  if (diagnostic !== '') {
    recipient.diagnostic = diagnostic;
  }
  if (remoteMta !== undefined) {
    recipient.remoteMta = remoteMta;
  }
  const stage = smtpError === null ? undefined : smtpCommandStage(`after ${smtpError[1]!}`);
  if (stage !== undefined) {
    recipient.stage = stage;
  }
  return recipient;
}
