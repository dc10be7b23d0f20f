/** The codes a remote server's reply opens with, read the way the classifier reads them. */
export interface SmtpReplyCodes {
  replyCode?: number;
  enhancedStatus?: string;
}

const OPENING_REPLY_CODE = /^\s*#?([245]\d\d)(?![\d.])/;
const REPLY_CODE_IN_TEXT = /(?<![\w.[\]#-])([45]\d\d)(?![\w.[\]-])/;
// Subjects stop at 7 (RFC 3463), which keeps IP addresses and version numbers from passing for status codes.
const ENHANCED_STATUS = /(?<![\w.])([245]\.[0-7]\.\d{1,3})(?!\.?\d)/;
const STATUS_FIELD = /^\s*([245]\.\d{1,3}\.\d{1,3})(?!\.?\d)/;

export function readReplyCodes(diagnostic: string | undefined): SmtpReplyCodes {
  if (diagnostic === undefined) {
    return {};
  }
  const replyCode = (OPENING_REPLY_CODE.exec(diagnostic) ?? REPLY_CODE_IN_TEXT.exec(diagnostic))?.[1];
  const enhancedStatus = ENHANCED_STATUS.exec(diagnostic)?.[1];
  return {
    ...(replyCode === undefined ? {} : { replyCode: Number(replyCode) }),
    ...(enhancedStatus === undefined ? {} : { enhancedStatus }),
  };
}

/** The RFC 3463 code a Status field opens with, without its comment. */
export function readStatusField(value: string | undefined): string | undefined {
  return value === undefined ? undefined : STATUS_FIELD.exec(value)?.[1];
}

/** One line of text with single spaces, for diagnostics that notices wrap over several lines. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
