import { firstAddressIn, readAddress } from './mail-address';
import { flatten } from './smtp-reply';
import type { TextBounceReader, TextRecipient } from './text-bounce';

/**
 * Exchange and Office 365 non-delivery reports: "Delivery has failed to these recipients or groups:" with one
 * paragraph per recipient for people, then "Diagnostic information for administrators:" with "Generating server:",
 * each address again and the remote reply, written `mx.example.com #550 5.1.1 … ##` or
 * `Remote Server returned '550 5.1.1 …'`.
 */

const MARKER = /Delivery has failed to these recipients or groups:?/i;
const ADMIN_SECTION = /Diagnostic information for administrators:?/i;
const SECTION_END = /^(?:Original message headers|Original Message Details|Message Hops|Received: )/im;
const HASH_REPLY = /^(?:([^\s#]+)\s+)?#(?:<\s*#[\d.]+\s+smtp;\s*)?([\s\S]*?)(?:>\s*#SMTP#|\s*##)/;
// Greedy to the line's last quote: replies such as "doesn't exist" hold quotes of their own.
const REMOTE_SERVER_RETURNED = /Remote Server returned '(.*)'[ \t]*$/im;

export const readExchangeBounce: TextBounceReader = (notice) => {
  const marker = MARKER.exec(notice.text);
  if (marker === null) {
    return undefined;
  }
  const afterMarker = notice.text.slice(marker.index + marker[0].length);
  const admin = ADMIN_SECTION.exec(afterMarker);
  const people = admin === null ? afterMarker : afterMarker.slice(0, admin.index);
  const adminText = admin === null ? '' : untilSectionEnd(afterMarker.slice(admin.index + admin[0].length));
  const diagnostics = readAdministratorBlocks(adminText);
  const addresses = [...new Set([...listedAddresses(people), ...diagnostics.keys()])];
  return {
    format: 'exchange',
    recipients: addresses.map((address): TextRecipient => ({ address, kind: 'bounce', ...diagnostics.get(address) })),
  };
};

function untilSectionEnd(text: string): string {
  const end = SECTION_END.exec(text)?.index;
  return end === undefined ? text : text.slice(0, end);
}

/** Each paragraph for people opens with the address, bare or as `Jane Doe (jane@example.com)`. */
function listedAddresses(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim().split('\n')[0] ?? '')
    .map((line) => firstAddressIn(line))
    .filter((address): address is string => address !== undefined);
}

/** An address on a line of its own, then the reply on the lines below it, up to the next address. */
function readAdministratorBlocks(text: string): Map<string, Pick<TextRecipient, 'diagnostic' | 'remoteMta'>> {
  const blocks: { address: string; lines: string[] }[] = [];
  for (const line of text.split('\n').map((each) => each.trim())) {
    const address = readAddress(line);
    if (address !== undefined) {
      blocks.push({ address, lines: [] });
    } else {
      blocks[blocks.length - 1]?.lines.push(line);
    }
  }
  return new Map(blocks.map(({ address, lines }) => [address, readReply(lines.join('\n'))]));
}

/** The reply follows the address at once; the bound keeps the lazy patterns below cheap on a runaway block. */
const MAX_REPLY_BLOCK_LENGTH = 2000;

function readReply(fullBlock: string): Pick<TextRecipient, 'diagnostic' | 'remoteMta'> {
  const block = fullBlock.trim().slice(0, MAX_REPLY_BLOCK_LENGTH);
  const returned = REMOTE_SERVER_RETURNED.exec(block);
  if (returned !== null) {
    return { diagnostic: flatten(returned[1]!.replace(/^<\s*#[\d.]+\s+smtp;\s*/i, '').replace(/>$/, '')) };
  }
  const hashed = HASH_REPLY.exec(block);
  if (hashed === null) {
    return {};
  }
  const diagnostic = flatten(hashed[2]!);
  return { ...(diagnostic === '' ? {} : { diagnostic }), ...(hashed[1] === undefined ? {} : { remoteMta: hashed[1] }) };
}
