import { compact } from './compact';
import { readFieldGroups, firstField } from './field-groups';
import { addressesIn } from './mail-address';
import { toRfc3339 } from './mail-date';
import type { MimeMessage } from './mime-message';
import { firstHeader } from './mime-message';
import { recoverVerpAddress } from './verp';

/** What every reader of one notice needs besides its report: when it was written, what bounced, who it was for. */
export interface NoticeContext {
  /** The notice's Date header, RFC 3339 UTC. */
  date?: string;
  /** The injected receipt time, RFC 3339 UTC. */
  receivedAt?: string;
  /** Message-ID of the returned original message, from an attached copy or its quoted headers. */
  originalMessageId?: string;
  /** Headers of the returned original message, when the notice attached them. */
  originalHeaders?: ReadonlyMap<string, readonly string[]>;
  /** The recipient encoded in the notice's VERP envelope address, if it has one. */
  verpAddress?: string;
  /** The notice's own From address (the sender of an auto-reply). */
  from?: string;
}

const RETURNED_MESSAGE_TYPES = new Set([
  'message/rfc822',
  'message/global',
  'text/rfc822-headers',
  'message/global-headers',
]);
const QUOTED_MESSAGE_ID = /^Message-ID:[ \t]*(<[^<>\s]+>)/im;

export function noticeContext(
  message: MimeMessage,
  receivedAt: string | undefined,
  verpPattern: RegExp,
): NoticeContext {
  const returned = message.parts.find((part) => RETURNED_MESSAGE_TYPES.has(part.mimeType));
  const originalHeaders = returned === undefined ? undefined : readFieldGroups(headerBlockOf(returned.content))[0];
  const originalMessageId =
    (originalHeaders === undefined ? undefined : messageIdOf(firstField(originalHeaders, 'message-id'))) ??
    QUOTED_MESSAGE_ID.exec(message.text)?.[1];
  const envelopeAddresses = [
    ...['delivered-to', 'x-original-to', 'to', 'envelope-to'].flatMap((name) => message.headers.get(name) ?? []),
    ...(originalHeaders?.get('return-path') ?? []),
  ];
  return compact({
    date: toRfc3339(firstHeader(message, 'date')),
    receivedAt,
    originalMessageId,
    originalHeaders,
    verpAddress: envelopeAddresses
      .flatMap((value) => addressesIn(value))
      .map((address) => recoverVerpAddress(address, verpPattern))
      .find((address) => address !== undefined),
    from: addressesIn(firstHeader(message, 'from'))[0],
  });
}

/** Last-Attempt-Date, else the notice's Date, else Arrival-Date, else the receipt time. */
export function occurredAt(context: NoticeContext, lastAttempt?: string, arrival?: string): string | undefined {
  return toRfc3339(lastAttempt) ?? context.date ?? toRfc3339(arrival) ?? context.receivedAt;
}

export function messageIdOf(value: string | undefined): string | undefined {
  const id = value === undefined ? undefined : /<[^<>\s]+>/.exec(value)?.[0];
  return id ?? (value?.trim() === '' ? undefined : value?.trim());
}

// A full returned message has a body after its headers; only the header block is wanted.
function headerBlockOf(content: string): string {
  const end = /\r?\n\r?\n/.exec(content);
  return end === null ? content : content.slice(0, end.index);
}
