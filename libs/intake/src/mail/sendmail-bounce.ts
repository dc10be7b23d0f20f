import { readAddress } from './mail-address';
import { smtpCommandStage } from '@app/domain';
import { flatten } from './smtp-reply';
import type { TextBounceReader, TextRecipient } from './text-bounce';

/**
 * Sendmail: "----- The following addresses had permanent fatal errors -----" lists each address with a "(reason: …)"
 * line, and "----- Transcript of session follows -----" shows the dialogue (`>>> RCPT To:<…>`, `<<< 550 5.1.1 …`) or
 * the local failure (`550 5.1.1 <jane@example.com>... User unknown`).
 */

const TRANSCRIPT = /^[ \t]*-+[ \t]*Transcript of session follows[ \t]*-+[ \t]*$/im;
const PERMANENT_LIST = /^[ \t]*-+[ \t]*The following addresses had permanent fatal errors[ \t]*-+[ \t]*$/im;
const TRANSIENT_LIST = /^[ \t]*-+[ \t]*The following addresses had transient non-fatal errors[ \t]*-+[ \t]*$/im;
const SECTION_END = /^[ \t]*-{3,}/m;
const TRANSCRIPT_FAILURE = /^(?:<<< )?([45]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(\S+)\.\.\. .*)$/gm;

export const readSendmailBounce: TextBounceReader = (notice) => {
  const transcript = TRANSCRIPT.exec(notice.text);
  if (transcript === null) {
    return undefined;
  }
  const transcriptText = sectionAfter(notice.text, transcript);
  const permanent = PERMANENT_LIST.exec(notice.text);
  const transient = TRANSIENT_LIST.exec(notice.text);
  const listed = [
    ...(permanent === null ? [] : readListed(sectionAfter(notice.text, permanent), 'bounce')),
    ...(transient === null ? [] : readListed(sectionAfter(notice.text, transient), 'delay')),
  ];
  const recipients = listed.length > 0 ? listed : readTranscriptFailures(transcriptText);
  return { format: 'sendmail', recipients: recipients.map((recipient) => withDialogue(recipient, transcriptText)) };
};

function sectionAfter(text: string, heading: RegExpExecArray): string {
  const rest = text.slice(heading.index + heading[0].length);
  const end = SECTION_END.exec(rest)?.index;
  return end === undefined ? rest : rest.slice(0, end);
}

/** `<jane@example.com>` lines, each optionally followed by an indented `(reason: …)`. */
function readListed(section: string, kind: TextRecipient['kind']): TextRecipient[] {
  const recipients: TextRecipient[] = [];
  for (const line of section.split('\n')) {
    const reason = /^\s+\(reason: ([\s\S]*)\)\s*$/.exec(line);
    const last = recipients[recipients.length - 1];
    if (reason !== null && last !== undefined) {
      last.diagnostic = flatten(reason[1]!);
      continue;
    }
    const recipient = readAddress(line.trim());
    if (recipient !== undefined) {
      recipients.push({ address: recipient, kind });
    }
  }
  return recipients;
}

function readTranscriptFailures(transcript: string): TextRecipient[] {
  const recipients: TextRecipient[] = [];
  for (const failure of transcript.matchAll(TRANSCRIPT_FAILURE)) {
    const address = readAddress(failure[2]);
    if (address !== undefined && !recipients.some((known) => known.address === address)) {
      recipients.push({ address, kind: 'bounce', diagnostic: flatten(failure[1]!) });
    }
  }
  return recipients;
}

/** The remote host and the command the server answered, from the dialogue about this address. */
function withDialogue(recipient: TextRecipient, transcript: string): TextRecipient {
  const remoteMta = /\.\.\. while talking to ([^\s:]+?)\.?:/.exec(transcript)?.[1];
  const lines = transcript.split('\n');
  const refusal = lines.findIndex(
    (line) => /^<<< [45]\d\d/.test(line) && line.toLowerCase().includes(recipient.address.toLowerCase()),
  );
  const command =
    refusal > 0
      ? lines
          .slice(0, refusal)
          .reverse()
          .find((line) => line.startsWith('>>> '))
      : undefined;
  const stage = command === undefined ? undefined : smtpCommandStage(command);
  const diagnostic = recipient.diagnostic ?? (refusal >= 0 ? flatten(lines[refusal]!.slice(4)) : undefined);
  return {
    ...recipient,
    ...(diagnostic === undefined ? {} : { diagnostic }),
    ...(remoteMta === undefined ? {} : { remoteMta }),
    ...(stage === undefined ? {} : { stage }),
  };
}
