import { firstAddressIn, readAddress } from './mail-address';
import { flatten } from './smtp-reply';
import type { TextBounceReader, TextRecipient } from './text-bounce';

/**
 * Gmail's notices: the older "Delivery to the following recipient failed permanently:" with the addresses indented
 * below it, and the newer "** Address not found **" / "** Message not delivered **" saying "Your message wasn't
 * delivered to jane@example.com because …". The remote reply follows "The response from the remote server was:"
 * (older: "The error that the other server returned was:"). Delay notices say "has been delayed" or "Delivery
 * incomplete" and that Gmail will retry.
 */

const LISTED =
  /Delivery to the following recipients? (failed permanently|has been delayed):?[ \t]*\n((?:[ \t]*\n)*(?:[ \t]+\S+[ \t]*\n?)+)/i;
const NAMED =
  /(?:wasn't|was not|couldn't be|could not be) delivered to|problem delivering your message to|Delivery to the following recipient[^\n]*?:/i;
const MARKER =
  /\*\* (?:Address not found|Message not delivered|Delivery incomplete|Message blocked) \*\*|Delivery to the following recipients? (?:failed permanently|has been delayed)/i;
/** Gmail says in its opening lines whether it keeps trying; the quoted message below must not decide it. */
const OPENING_LENGTH = 2000;
const DELAY = /has been delayed|\*\* Delivery incomplete \*\*|will retry for|will (?:keep )?(?:try|trying) again/i;
const REPLY_HEADING =
  /(?:The response from the remote server was|The error that the other server returned was|The response was):[ \t]*\n(?:[ \t]*\n)*/i;

export const readGmailBounce: TextBounceReader = (notice) => {
  if (!MARKER.test(notice.text)) {
    return undefined;
  }
  const kind: TextRecipient['kind'] = DELAY.test(notice.text.slice(0, OPENING_LENGTH)) ? 'delay' : 'bounce';
  const diagnostic = replyOf(notice.text);
  return {
    format: 'gmail',
    recipients: addressesOf(notice.text).map((address) => ({
      address,
      kind,
      ...(diagnostic === undefined ? {} : { diagnostic }),
    })),
  };
};

function addressesOf(text: string): string[] {
  const listed = LISTED.exec(text);
  if (listed !== null) {
    return listed[2]!
      .split('\n')
      .map((line) => readAddress(line.trim()))
      .filter((address): address is string => address !== undefined);
  }
  const named = NAMED.exec(text);
  const start = named === null ? -1 : named.index + named[0].length;
  // The address follows the phrase at once; a window keeps the search from wandering into the quoted message.
  const address = start < 0 ? undefined : firstAddressIn(text.slice(start, start + 400));
  return address === undefined ? [] : [address];
}

/** The remote server's reply: the paragraph after the heading, up to the next blank line. */
function replyOf(text: string): string | undefined {
  const heading = REPLY_HEADING.exec(text);
  if (heading === null) {
    return undefined;
  }
  const rest = text.slice(heading.index + heading[0].length);
  const paragraph = flatten(rest.split(/\n[ \t]*\n/)[0] ?? '');
  return paragraph === '' ? undefined : paragraph;
}
