import { sign } from 'node:crypto';
import type { KeyLike } from 'node:crypto';
import { SNS_TEST_PRIVATE_KEY_PEM } from './sns-test-certificate';

/** Builds SNS HTTP messages for specs, signed the way SNS signs them (or deliberately not). */

export const TEST_CERT_URL =
  'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem';
export const TEST_TOPIC_ARN = 'arn:aws:sns:eu-west-1:111122223333:ses-feedback';

export type SnsFields = Record<string, string | null>;

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];

/** Written out independently of the verifier, from the AWS documentation, so the two check each other. */
export function documentedStringToSign(fields: SnsFields): string {
  const keys = fields.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS;
  return keys
    .filter((key) => fields[key] !== undefined && fields[key] !== null)
    .map((key) => `${key}\n${fields[key]}\n`)
    .join('');
}

export function notificationFields(sesDocument: object, overrides: SnsFields = {}): SnsFields {
  return {
    Type: 'Notification',
    MessageId: '5b1f6c0e-2f37-4a4c-9f2a-8d1e3c0a9b11',
    TopicArn: TEST_TOPIC_ARN,
    Message: JSON.stringify(sesDocument),
    Timestamp: '2024-03-05T10:11:12.345Z',
    SignatureVersion: '2',
    SigningCertURL: TEST_CERT_URL,
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:x',
    ...overrides,
  };
}

export function confirmationFields(type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'): SnsFields {
  return {
    Type: type,
    MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
    Token: '2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ce',
    TopicArn: TEST_TOPIC_ARN,
    Message: `You have chosen to subscribe to the topic ${TEST_TOPIC_ARN}.`,
    SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TEST_TOPIC_ARN}&Token=2336`,
    Timestamp: '2024-03-05T10:11:12.345Z',
    SignatureVersion: '1',
    SigningCertURL: TEST_CERT_URL,
  };
}

/** Signs the fields with the test key (or `key`), by the algorithm their SignatureVersion names. */
export function signed(fields: SnsFields, key: KeyLike = SNS_TEST_PRIVATE_KEY_PEM): SnsFields {
  const algorithm = fields.SignatureVersion === '1' ? 'sha1' : 'sha256';
  const signature = sign(algorithm, Buffer.from(documentedStringToSign(fields), 'utf8'), key).toString('base64');
  return { ...fields, Signature: signature };
}

export function body(fields: SnsFields): string {
  return JSON.stringify(fields);
}
