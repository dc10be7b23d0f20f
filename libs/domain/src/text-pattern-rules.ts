import type { RuleMatch } from './bounce-evidence';
import type { BounceReason } from './classification';
import { PhraseIndex } from './phrase-index';

interface TextRule {
  readonly pattern: RegExp;
  readonly match: TextMatch;
}

/** A phrase's reading; a weak one only says the refusal is temporary, so a code that names a cause outranks it. */
export interface TextMatch extends RuleMatch {
  readonly weak?: boolean;
}

function rule(id: string, reason: BounceReason, pattern: RegExp, extra: Partial<TextMatch> = {}): TextRule {
  return { pattern, match: { rule: `text:${id}`, reason, ...extra } };
}

// First match wins. Sender-side phrases come before recipient ones because blocks and throttles often quote the
// recipient's address or the word "user"; a block that mentions the recipient is still a block. Gaps between words
// are bounded so that no pattern can backtrack across the whole text.
const RULES: readonly TextRule[] = [
  // An out-of-office reply that reached the bounce address is not a delivery failure at all.
  rule(
    'auto-reply',
    'undetermined',
    /\b(?:out of (?:the )?office|auto-?reply|automatic reply|autoresponder|on (?:annual )?(?:leave|vacation|holiday)|no longer monitored)\b/i,
    { class: 'undetermined', countsAgainstRecipient: false },
  ),
  // The person refuses our mail: closer to a complaint than to a bad address, and not for this classifier to count.
  rule(
    'blocked-by-recipient',
    'policy_rejection',
    /\b(?:(?:recipient|user|addressee) has blocked|blocked by (?:the )?(?:recipient|user)|on the (?:user|recipient)'?s? (?:block|deny) ?list)\b/i,
  ),
  rule('greylisted', 'greylisted', /\bgr[ae]y-?list|\btry again in \d{1,6} ?(?:seconds|secs|s)\b/i),
  // "not listed in Domino Directory" is Lotus Notes' unknown user, not a block list.
  rule(
    'blocklisted',
    'reputation_block',
    /\b(?:blocked using|(?<!not )listed (?:at|in|on|by)|spamhaus|barracuda|spamcop|sorbs|uceprotect|(?:RBL|DNSBL|URIBL|DBL)s?\b|ERS-[A-Z]{2,4}\b|block ?list|black ?list|blocklisted|blacklisted|client host \[?[\w.:-]{1,64}\]? blocked)/i,
  ),
  // Mail from our IP or host refused as such: a block of the sending host, whoever the recipient.
  rule(
    'sending-host-refused',
    'reputation_block',
    /\b(?:mail|messages?|connections?) from \[?[\w.:-]{1,64}\]? (?:refused|rejected|denied|blocked|not accepted)\b/i,
  ),
  // The recipient domain's MX does not accept that domain: a misconfiguration there, not a verdict on our mail.
  rule(
    'relay-denied',
    'recipient_server_unavailable',
    /\b(?:relay(?:ing)? (?:access )?(?:denied|not allowed|not permitted|prohibited|disallowed)|relay(?:ing)? to \S{1,100} (?:denied|not allowed|prohibited)|unable to relay|not (?:allowed|permitted) to relay|allowed rcpthosts|relay not (?:allowed|permitted))\b/i,
  ),
  rule(
    'authentication',
    'authentication_failed',
    /\b(?:unauthenticated|authentication (?:level|results|failed|failure|required)|(?:didn't|did not|does not|fails to|failed to) pass (?:SPF|DKIM|DMARC)|(?:SPF|DKIM|DMARC)\b|sender policy framework|(?:isn't|is not|not) aligned|PTR\b|reverse DNS|rDNS|cannot find your (?:reverse )?hostname|unresolvable (?:RFC\.?5321 )?(?:from|sender|mail from) domain|(?:no|invalid|bad) (?:reverse|hostname)\b)/i,
  ),
  // Our envelope sender or greeting was refused; Exim and Postfix report many of these at RCPT TO nonetheless.
  rule(
    'policy',
    'policy_rejection',
    /\b(?:TLS required|STARTTLS|(?:not|n't) sent over (?:a )?TLS|IP not in whitelist|not authori[sz]ed|not permitted|has a policy that prohibits|only accepts mail from|rejected by (?:the )?(?:recipients?|destination domain)|(?:message )?sending (?:for|from) (?:this|your) account|not accepting mail from|sender not allowed|not authenticated (?:by organization|for (?:group|mailbox|public folder))|allowed-?senders list|bad HELO|HELO command rejected|does not accept (?:e-?)?mail over IPv6|sender (?:address )?(?:rejected|refused|denied)|domain of sender address|sender verify failed|sender verification|protocol error|syntax error|bad sequence of commands|command (?:unrecognized|not implemented)|sender'?s? domain (?:[\w.-]{1,253} )?(?:does not exist|doesn't exist|not found|(?:is )?unknown|must resolve)|multiple destination domains|will not accept (?:delivery of )?this message|administrative (?:prohibition|reject)|restricted|polic(?:y|ies))\b/i,
  ),
  // A mailbox flooded by everyone: the person's own inbox, busy for a while, so a soft bounce that counts.
  rule(
    'recipient-flooded',
    'mailbox_unavailable',
    /\b(?:receiving (?:e-?)?mail (?:too quickly|too fast|at a rate)|per hour message receive limit exceeded|recipient thread limit exceeded|recipient's total inbound rate limit|inbound rate limit from all senders)\b/i,
    { class: 'soft' },
  ),
  rule(
    'rate-limited',
    'rate_limited',
    /\b(?:rate[- ]limit(?:ed|ing)?|unusual rate|too many (?:open )?(?:connections|messages|recipients|concurrent|sessions|invalid recipients)|frequency limit(?:ed)?|sender rate|(?:max(?:imum)?|too many) concurrent (?:sessions|connections)|too much mail from|exceeded the maximum number of connections|exceeded permitted limits|throttl(?:ed|ing)|(?:excessive|unexpected) volume|slow down|sending (?:rate|limit)|daily limit|max(?:imum)? (?:number of )?(?:connections|messages|recipients))\b/i,
  ),
  rule(
    'spam',
    'reputation_block',
    /\b(?:reputation|unsolicited|spam|junk|suspicious|complaints|unusual (?:sending )?activity|dynamic(?:ally assigned)? IP|dial-?up|residential)\b/i,
  ),
  rule(
    'message-too-large',
    'message_too_large',
    /\b(?:message (?:size )?exceeds|(?:message|e-?mail|attachments?) (?:is |was )?too (?:large|big)|(?<!mailbox )size (?:limit|exceeds)|exceeds (?:the )?(?:maximum|max|allowed|permitted) (?:message )?size|message size|mail ?size|(?:e-?mail|message) size (?:exceeded|limit))\b/i,
  ),
  rule(
    'address-invalid',
    'address_invalid',
    /\b(?:(?:address|mailbox) syntax|bad (?:recipient )?address syntax|invalid (?:address )?syntax|not a valid RFC ?5321 address|malformed (?:recipient )?address|illegal address|mailbox name not allowed)\b/i,
  ),
  rule(
    'content-rejected',
    'content_rejected',
    /\b(?:malformed|not RFC ?(?:5322 |822 )?compliant|RFC ?5322 section 3\.6\.2|suspect content|infected|BANNED: [PM]=|virus|phishing|malware|content (?:[\w-]{1,20} ){0,3}(?:rejected|refused|denied|security issue)|(?:attachment|file) type (?:is )?not allowed|(?:banned|forbidden|prohibited|dangerous) (?:file|attachment)|prohibited attachment|illegal attachment|lines? too long)/i,
  ),
  // A DNS lookup that failed for now ("Host not found, try again", SERVFAIL) proves nothing about the domain.
  rule(
    'dns-temporary',
    'recipient_server_unavailable',
    /\b(?:not found, try again|temporary (?:DNS|lookup|name service) (?:error|failure)|SERVFAIL|ServerFailure|DNS (?:query|lookup) (?:failed|timed out))\b/i,
  ),
  // Exim says "Unrouteable address" when no MX or A record exists for the domain: the address cannot exist.
  rule(
    'domain-unknown',
    'domain_unknown',
    /\b(?:find the recipient domain|(?:domain|host) (?:name )?(?:[\w-]{1,63}(?:\.[\w-]{1,63}){1,8} )?(?:not found|does not exist|doesn't exist|(?:is )?unknown|is invalid)|(?:couldn't|could not|cannot|unable to) find (?:a |any )?(?:mail exchanger|MX)|unknown (?:domain|host)|no such (?:domain|host)|non-?existent (?:domain|host)|unrouteable (?:mail )?(?:domain|address)|no (?:MX|mail exchanger)|null ?MX|NXDOMAIN|name service error)\b/i,
  ),
  rule(
    'mailbox-unknown',
    'mailbox_unknown',
    /\b(?:does not exist|doesn't exist|doesn't have an? [\w.-]{1,64} account|no such (?:user|mailbox|recipient|address|account|person)|user (?:is )?(?:unknown|not found|invalid)|unknown or illegal (?:alias|user)|(?:e-?mail )?address (?:you entered )?(?:couldn't|could not) be found|unknown (?:user|recipient|mailbox|address|alias|local[- ]part|e-?mail address)|(?:mailbox|recipient|account|address) (?:is )?(?:not found|unknown)|invalid (?:recipient|mailbox|address|user|account)|not a valid (?:recipient|mailbox|user)|addressee unknown|no (?:such )?mailbox|not listed in (?:the )?(?:Domino Directory|public Name)|bad destination (?:mailbox )?address|non-?existent (?:user|mailbox|account|address|recipient)|not our customer|(?:does not|doesn't) have an? (?:mailbox|account)|no (?:account|user) by that name|recipient no longer (?:on server|exists)|(?:is|address) no longer (?:valid|exists)|does not specify a valid (?:Notes )?mail file|is not a (?:registered|known|valid|local) (?:[\w-]{1,20} )?(?:user|recipient|mailbox|address))\b/i,
  ),
  rule(
    'recipient-moved',
    'recipient_moved',
    /\b(?:(?:user|mailbox|recipient|address) has (?:been )?moved|user not local|address has changed|moved permanently)\b/i,
  ),
  rule(
    'mailbox-disabled',
    'mailbox_disabled',
    /\b(?:is (?:inactive|disabled)|(?:mailbox|account|address|user) (?:is |has been )?(?:temporarily )?(?:disabled|deactivated|suspended|closed|inactive|expired|terminated|locked|discontinued|frozen)|AccountDisabledException|(?:disabled|inactive|deactivated|suspended) (?:mailbox|account|user)|no longer accepts mail)/i,
  ),
  rule(
    'mailbox-full',
    'mailbox_full',
    /\b(?:out of storage|over ?quota|quota(?: usage)? (?:exceeded|full|limit)|exceed(?:ed|s)? (?:the |their |its |his |her )?(?:mailbox )?(?:storage|quota)|mailbox storage (?:exceeded|full)|mail ?box (?:is |was )?full|full mailbox|mailbox size limit|(?:mailbox|inbox) (?:has )?(?:exceeded|reached)|insufficient storage|not enough (?:storage|space))/i,
  ),
  rule(
    'mailbox-unavailable',
    'mailbox_unavailable',
    /\b(?:mailbox (?:temporarily |currently )?(?:unavailable|not available|busy|locked)|recipient (?:temporarily )?unavailable)\b/i,
  ),
  // A forwarding loop in the recipient's setup, and retries that expired quoting no answer, are soft whatever the code:
  // the loop may be fixed and the expiry only hides the last real answer (provider-gray-areas.md 2.2 and 5, trap 4).
  rule(
    'mail-loop',
    'recipient_server_unavailable',
    /\b(?:routing loop|(?:mail|forwarding) loop|loops back to myself|message is looping|bounce between two servers|too many hops|hop count exceeded|exceeded \d{1,4} hops)\b/i,
    { class: 'soft' },
  ),
  rule(
    'expired',
    'recipient_server_unavailable',
    /\b(?:retry timeout exceeded|retry time not reached|have been failing|message expired|delivery (?:time )?expired|message too old|cannot send message for|could not be delivered for|in the time limit specified)\b/i,
    { class: 'soft' },
  ),
  // Trouble at the receiving system or on the way there.
  rule(
    'recipient-server',
    'recipient_server_unavailable',
    /\b(?:temporary system problem|server busy|resources? temporarily unavailable|MX records? point to non-?existent hosts?|out of disk space|insufficient system storage|system (?:is )?(?:busy|overloaded)|(?:local|temporary) (?:server )?(?:error|problem|failure)|connection (?:timed out|refused|reset|lost|dropped)|timed out|time-?out|(?:could not|couldn't|unable to|failed to|cannot) (?:connect|establish)|did not accept our requests to connect|service (?:temporarily |currently )?(?:not available|unavailable)|internal server error)\b/i,
  ),
  // Last among the phrases: "blocked" alone is a block of our mail, and "denied" a refusal of it, unless a mailbox
  // phrase above said otherwise.
  rule('blocked', 'reputation_block', /\b(?:blocked|block(?:ed)? (?:permanently|temporarily)|rejected as spam)\b/i),
  rule('denied', 'policy_rejection', /\bdenied\b/i),
  // The message as a whole was refused, without a word about the mailbox: a verdict on our mail.
  rule(
    'message-refused',
    'policy_rejection',
    /\b(?:message|mail|e-?mail) (?:was |has been |is )?(?:rejected|refused|not accepted)\b/i,
    { weak: true },
  ),
  // Says only that the refusal is temporary, not why: a code that names a cause outranks it.
  rule('try-later', 'recipient_server_unavailable', /\b(?:try again later|temporarily deferred)\b/i, { weak: true }),
];

// The host that answered, as Postfix ("host mx.example.net[192.0.2.1] said:") and Exim ("host mx.example.net
// [192.0.2.1]:") name it. Its name is no phrase: a filter called spam.example.net says nothing about the reply.
const ANSWERING_HOST = /\bhost [\w.-]{1,253} ?\[[\w.:]{1,64}\](?: said)?:/gi;

// The last entry is the answering host's pattern: a reply that holds none of its words has no host to cut.
const PHRASES = new PhraseIndex([...RULES.map(({ pattern }) => pattern), new RegExp(ANSWERING_HOST.source, 'i')]);
const ANSWERING_HOST_ENTRY = RULES.length;
// A scratch list for one classification at a time (classifying is synchronous), so a reply allocates none.
const FOUND: number[] = [];

/** The phrases' patterns in the order they are tried. */
export const TEXT_RULE_PATTERNS: readonly RegExp[] = RULES.map(({ pattern }) => pattern);

export function matchTextPattern(text: string): TextMatch | undefined {
  PHRASES.read(text);
  const reply = PHRASES.mayMatch(ANSWERING_HOST_ENTRY) ? text.replace(ANSWERING_HOST, ' ') : text;
  if (reply.trim() === '') {
    return undefined;
  }
  PHRASES.read(reply);
  // Only the phrases whose words the reply holds, in the order the rules are tried.
  PHRASES.mayMatchAll(FOUND);
  for (let found = 0; found < FOUND.length; found++) {
    const index = FOUND[found]!;
    if (index < RULES.length && RULES[index]!.pattern.test(reply)) {
      return RULES[index]!.match;
    }
  }
  return undefined;
}
