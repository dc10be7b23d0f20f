import type { RuleMatch } from './bounce-evidence';
import type { BounceReason } from './classification';

interface TextRule {
  readonly pattern: RegExp;
  readonly match: RuleMatch;
}

function rule(id: string, reason: BounceReason, pattern: RegExp, extra: Partial<RuleMatch> = {}): TextRule {
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
  rule(
    'blocklisted',
    'reputation_block',
    /\b(?:blocked using|listed (?:at|in|on)|spamhaus|barracuda|spamcop|sorbs|uceprotect|(?:RBL|DNSBL|URIBL|DBL)\b|block ?list|black ?list|blocklisted|blacklisted|client host \[?[\w.:-]{1,64}\]? blocked)/i,
  ),
  // The recipient domain's MX does not accept that domain: a misconfiguration there, not a verdict on our mail.
  rule(
    'relay-denied',
    'recipient_server_unavailable',
    /\b(?:relay(?:ing)? (?:access )?(?:denied|not allowed|not permitted)|unable to relay|allowed rcpthosts)\b/i,
  ),
  rule(
    'authentication',
    'authentication_failed',
    /\b(?:unauthenticated|authentication (?:level|results|failed|failure|required)|(?:didn't|did not|does not|fails to|failed to) pass (?:SPF|DKIM|DMARC)|(?:SPF|DKIM|DMARC)\b|sender policy framework|(?:isn't|is not|not) aligned|PTR record|reverse DNS|cannot find your (?:reverse )?hostname)/i,
  ),
  rule(
    'policy',
    'policy_rejection',
    /\b(?:TLS required|not sent over (?:a )?TLS|IP not in whitelist|not authori[sz]ed|not permitted|has a policy that prohibits|only accepts mail from|rejected by recipient|sender not allowed|not authenticated (?:by organization|for (?:group|mailbox|public folder))|allowed-?senders list|bad HELO|HELO command rejected|does not accept (?:e-?)?mail over IPv6|sender address rejected|access denied|administrative prohibition|restricted|polic(?:y|ies))\b/i,
  ),
  rule(
    'rate-limited',
    'rate_limited',
    /\b(?:rate[- ]limit(?:ed|ing)?|unusual rate|too many (?:connections|messages|recipients|concurrent)|exceeded the maximum number of connections|exceeded permitted limits|throttl(?:ed|ing)|(?:excessive|unexpected) volume|slow down|receiving (?:e-?)?mail (?:too quickly|too fast|at a rate)|sending (?:rate|limit)|daily limit)\b/i,
  ),
  rule('spam', 'reputation_block', /\b(?:reputation|unsolicited|spam|junk|suspicious|complaints)\b/i),
  rule(
    'message-too-large',
    'message_too_large',
    /\b(?:message (?:size )?exceeds|(?:message|e-?mail|attachments?) (?:is |was )?too (?:large|big)|(?<!mailbox )size (?:limit|exceeds)|exceeds (?:the )?(?:maximum|max|allowed|permitted) (?:message )?size|message size)\b/i,
  ),
  rule(
    'address-invalid',
    'address_invalid',
    /\b(?:(?:address|mailbox) syntax|bad (?:recipient )?address syntax|invalid (?:address )?syntax|not a valid RFC ?5321 address|malformed (?:recipient )?address|illegal address)\b/i,
  ),
  rule(
    'content-rejected',
    'content_rejected',
    /\b(?:malformed|not RFC ?5322 compliant|RFC ?5322 section 3\.6\.2|virus|phishing|malware|content (?:[\w-]{1,20} ){0,3}(?:rejected|refused|security issue)|(?:attachment|file) type (?:is )?not allowed|prohibited attachment)/i,
  ),
  rule(
    'domain-unknown',
    'domain_unknown',
    /\b(?:find the recipient domain|(?:domain|host) (?:name )?(?:not found|does not exist|doesn't exist|is unknown|is invalid)|unknown (?:domain|host)|unrouteable (?:mail )?domain|no (?:MX|mail exchanger)|null MX|NXDOMAIN)\b/i,
  ),
  rule(
    'mailbox-unknown',
    'mailbox_unknown',
    /\b(?:does not exist|doesn't exist|doesn't have an? [\w.-]{1,64} account|no such (?:user|mailbox|recipient|address|account)|user (?:unknown|not found)|unknown (?:user|recipient|mailbox|address|alias)|(?:mailbox|recipient|account|address) (?:not found|unknown)|invalid (?:recipient|mailbox|address)|not a valid (?:recipient|mailbox|user)|addressee unknown|no mailbox here)\b/i,
  ),
  rule(
    'recipient-moved',
    'recipient_moved',
    /\b(?:(?:user|mailbox|recipient|address) has (?:been )?moved|user not local|address has changed|moved permanently)\b/i,
  ),
  rule(
    'mailbox-disabled',
    'mailbox_disabled',
    /\b(?:is inactive|(?:mailbox|account|address|user) (?:is |has been )?(?:disabled|deactivated|suspended|closed|inactive|expired|terminated|locked)|AccountDisabledException|(?:disabled|inactive|deactivated|suspended) (?:mailbox|account|user))/i,
  ),
  rule(
    'mailbox-full',
    'mailbox_full',
    /\b(?:out of storage|over ?quota|quota (?:exceeded|full)|exceeded (?:the |their |its |his |her )?(?:storage|quota)|mailbox (?:is |was )?full|full mailbox|mailbox size limit|(?:mailbox|inbox) (?:has )?(?:exceeded|reached)|insufficient storage|not enough (?:storage|space))/i,
  ),
  rule(
    'mailbox-unavailable',
    'mailbox_unavailable',
    /\b(?:mailbox (?:temporarily |currently )?(?:unavailable|not available|busy|locked)|recipient (?:temporarily )?unavailable)\b/i,
  ),
  rule(
    'recipient-server',
    'recipient_server_unavailable',
    /\b(?:routing loop|mail loop|too many hops|exceeded \d{1,4} hops|temporary system problem|server busy|resources temporarily unavailable|insufficient system storage|system (?:is )?(?:busy|overloaded)|(?:local|temporary) (?:error|problem|failure)|connection (?:timed out|refused|reset|lost)|timed out|service (?:temporarily )?(?:not available|unavailable)|internal server error|try again later)\b/i,
  ),
  // Last among the phrases: "blocked" alone is a block of our mail unless a mailbox phrase above said otherwise.
  rule('blocked', 'reputation_block', /\b(?:blocked|rejected as spam|denied)\b/i),
];

export function matchTextPattern(text: string): RuleMatch | undefined {
  if (text === '') {
    return undefined;
  }
  for (const { pattern, match } of RULES) {
    if (pattern.test(text)) {
      return match;
    }
  }
  return undefined;
}
