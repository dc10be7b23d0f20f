export * from './intake-command';
export { readBounceMail } from './mail/read-bounce-mail';
export { toIntakeOutcomes, mailEventId, MAIL_SOURCE } from './mail/mail-intake-outcomes';
export type { MailIntakeOptions } from './mail/mail-intake-outcomes';
export { DEFAULT_VERP_PATTERN } from './mail/mail-report';
export type {
  MailFormat,
  MailRecipient,
  MailRecipientKind,
  MailReport,
  ReadBounceMailOptions,
} from './mail/mail-report';
