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
export { VERIFICATION_FAILURE_REASONS } from './webhooks/webhook-verification';
export type {
  VerificationFailure,
  VerificationFailureReason,
  WebhookVerification,
} from './webhooks/webhook-verification';
export type { RequestHeaders } from './webhooks/request-headers';
export { SnsSignatureVerifier } from './webhooks/ses/sns-signature.verifier';
export type { CertificateSource, SnsVerifierOptions } from './webhooks/ses/sns-signature.verifier';
export type { SnsEnvelope, SnsEnvelopeReading, SnsMessageType } from './webhooks/ses/sns-envelope';
export { mapSesNotification } from './webhooks/ses/ses-notification.mapping';
export { SES_SOURCE } from './webhooks/ses/ses-recipients';
export {
  SendgridSignatureVerifier,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
} from './webhooks/sendgrid/sendgrid-signature.verifier';
export type { SendgridVerifierOptions } from './webhooks/sendgrid/sendgrid-signature.verifier';
export { mapSendgridEvents, SENDGRID_SOURCE } from './webhooks/sendgrid/sendgrid-events.mapping';
export { MailgunSignatureVerifier } from './webhooks/mailgun/mailgun-signature.verifier';
export type { MailgunVerifierOptions } from './webhooks/mailgun/mailgun-signature.verifier';
export { RecentTokens } from './webhooks/mailgun/recent-tokens';
export { mapMailgunEvent, MAILGUN_SOURCE } from './webhooks/mailgun/mailgun-event.mapping';
export { PostmarkCredentialsVerifier } from './webhooks/postmark/postmark-credentials.verifier';
export type { PostmarkVerifierOptions } from './webhooks/postmark/postmark-credentials.verifier';
export { mapPostmarkEvent, POSTMARK_SOURCE } from './webhooks/postmark/postmark-event.mapping';
export * from './recipient-command-of';
