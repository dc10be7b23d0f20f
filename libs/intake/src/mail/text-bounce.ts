import type { SmtpStage } from '@app/domain';
import type { MailFormat } from './mail-report';
import type { MimeMessage } from './mime-message';

/**
 * A plain-text notice in one MTA's own wording, with no report part: what each reader finds in it. Readers are pure
 * functions of the notice; each recognises its MTA by words only that MTA writes, and answers undefined otherwise.
 */
export interface TextBounce {
  format: MailFormat;
  recipients: TextRecipient[];
}

export interface TextRecipient {
  address: string;
  kind: 'bounce' | 'delay';
  diagnostic?: string;
  remoteMta?: string;
  stage?: SmtpStage;
}

export type TextBounceReader = (notice: MimeMessage) => TextBounce | undefined;

/** Splits text into paragraphs (runs of non-blank lines), keeping the line breaks inside each. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\n+/, '').trimEnd())
    .filter((paragraph) => paragraph.trim() !== '');
}

/** The text after the first line that matches `marker`, or undefined when no line does. */
export function textAfter(text: string, marker: RegExp): string | undefined {
  const found = marker.exec(text);
  return found === null ? undefined : text.slice(found.index + found[0].length);
}
