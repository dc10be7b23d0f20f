import { isJsonObject } from '../payload-fields';
import { refused } from '../webhook-verification';
import type { VerificationFailure } from '../webhook-verification';

export const SNS_MESSAGE_TYPES = ['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation'] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

/** An SNS HTTP(S) message, every field still as SNS sent it (`Message` is the SES document as a string). */
export interface SnsEnvelope {
  type: SnsMessageType;
  messageId: string;
  topicArn: string;
  message: string;
  timestamp: string;
  /** Only on a Notification whose publisher set one (SES does not). */
  subject?: string;
  /** Only on the two confirmation types. */
  token?: string;
  subscribeUrl?: string;
  signatureVersion: string;
  signature: string;
  signingCertUrl: string;
}

export type SnsEnvelopeReading = { ok: true; envelope: SnsEnvelope } | VerificationFailure;

// Messages SNS hands to Lambda spell these keys differently; the signature is over the canonical names.
const LAMBDA_SPELLINGS: Readonly<Record<string, string>> = {
  SigningCertUrl: 'SigningCertURL',
  SubscribeUrl: 'SubscribeURL',
  UnsubscribeUrl: 'UnsubscribeURL',
};

/**
 * Reads the envelope of a request body. A body that is not an SNS message (raw message delivery, which SNS sends
 * unsigned) has no signature to check, so it is refused rather than parsed.
 */
export function readSnsEnvelope(rawBody: string): SnsEnvelopeReading {
  const fields = canonicalFields(parseJson(rawBody));
  if (fields === undefined) {
    return refused('missing_signature', 'the body is not an SNS message (a JSON object)');
  }
  if (fields.Signature === undefined) {
    return refused('missing_signature', 'Signature is missing (raw message delivery is not accepted)');
  }
  const type = fields.Type;
  if (!SNS_MESSAGE_TYPES.includes(type as SnsMessageType)) {
    return refused('bad_signature', `Type must be one of ${SNS_MESSAGE_TYPES.join(', ')}`);
  }
  const required = ['MessageId', 'TopicArn', 'Message', 'Timestamp', 'SignatureVersion', 'SigningCertURL'];
  if (type !== 'Notification') {
    required.push('Token', 'SubscribeURL');
  }
  const missing = required.find((key) => fields[key] === undefined);
  if (missing !== undefined) {
    return refused('bad_signature', `${missing} is missing or not a string`);
  }
  const envelope: SnsEnvelope = {
    type: type as SnsMessageType,
    messageId: fields.MessageId!,
    topicArn: fields.TopicArn!,
    message: fields.Message!,
    timestamp: fields.Timestamp!,
    signatureVersion: fields.SignatureVersion!,
    signature: fields.Signature,
    signingCertUrl: fields.SigningCertURL!,
  };
  if (type === 'Notification' && fields.Subject !== undefined) {
    envelope.subject = fields.Subject;
  }
  if (type !== 'Notification') {
    envelope.token = fields.Token;
    envelope.subscribeUrl = fields.SubscribeURL;
  }
  return { ok: true, envelope };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The string-valued fields under their canonical names; a null (Lambda's absent `Subject`) is no field at all. */
function canonicalFields(body: unknown): Record<string, string | undefined> | undefined {
  if (!isJsonObject(body)) {
    return undefined;
  }
  const fields: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      fields[LAMBDA_SPELLINGS[key] ?? key] = value;
    }
  }
  return fields;
}
