import type { SnsEnvelope } from './sns-envelope';

/**
 * The string SNS signs (AWS, "Verifying the signatures of Amazon SNS messages"): for each signed key present, in
 * byte order, the key, a newline, the value, a newline. A Notification signs Subject when it has one; the two
 * confirmation types sign SubscribeURL and Token instead. URLs other than SubscribeURL, the signature fields and
 * MessageAttributes are never signed.
 */
export function snsStringToSign(envelope: SnsEnvelope): string {
  const pairs: [string, string | undefined][] =
    envelope.type === 'Notification'
      ? [
          ['Message', envelope.message],
          ['MessageId', envelope.messageId],
          ['Subject', envelope.subject],
          ['Timestamp', envelope.timestamp],
          ['TopicArn', envelope.topicArn],
          ['Type', envelope.type],
        ]
      : [
          ['Message', envelope.message],
          ['MessageId', envelope.messageId],
          ['SubscribeURL', envelope.subscribeUrl],
          ['Timestamp', envelope.timestamp],
          ['Token', envelope.token],
          ['TopicArn', envelope.topicArn],
          ['Type', envelope.type],
        ];
  return pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([key, value]) => `${key}\n${value}\n`)
    .join('');
}
