import type { BounceFacts, RuleMatch } from './bounce-evidence';
import type { BounceClass, BounceReason } from './classification';
import { APPLE_RULES } from './apple-rules';
import { GMAIL_RULES } from './gmail-rules';
import { MAILBOX_PROVIDER_RULES } from './mailbox-provider-rules';
import { MICROSOFT_RULES } from './microsoft-rules';
import { MOBILE_CARRIER_RULES } from './mobile-carrier-rules';
import { NETEASE_RULES } from './netease-rules';
import { SECURITY_GATEWAY_RULES } from './security-gateway-rules';
import { reasonCountsAgainstRecipient } from './sender-side-reasons';
import { YAHOO_RULES } from './yahoo-rules';

/**
 * A mailbox provider's own wording, where the generic reading of the code would be wrong
 * (reference/provider-gray-areas.md). Every condition given must hold.
 */
export interface ProviderRule {
  readonly id: string;
  readonly reason: BounceReason;
  /** Only where the code's class misleads, e.g. a 5xx that is really a temporary condition. */
  readonly class?: BounceClass;
  /** A phrase or provider token in the normalised reply text. */
  readonly text?: RegExp;
  /** The enhanced status code, where the phrase alone is shared with other meanings. */
  readonly status?: RegExp;
  readonly replyCodes?: readonly number[];
  /** A second phrase that must also appear, such as the provider's host name. */
  readonly context?: RegExp;
}

interface CompiledRule {
  readonly rule: ProviderRule;
  readonly match: RuleMatch;
  readonly aboutRecipient: boolean;
}

const RULES: readonly CompiledRule[] = [
  ...compile('microsoft', MICROSOFT_RULES),
  ...compile('gmail', GMAIL_RULES),
  ...compile('yahoo', YAHOO_RULES),
  ...compile('apple', APPLE_RULES),
  ...compile('netease', NETEASE_RULES),
  ...compile('mobile-carrier', MOBILE_CARRIER_RULES),
  ...compile('mailbox-provider', MAILBOX_PROVIDER_RULES),
  ...compile('gateway', SECURITY_GATEWAY_RULES),
];

function compile(provider: string, rules: readonly ProviderRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const { reason } = rule;
    const match: RuleMatch = {
      rule: `provider:${provider}:${rule.id}`,
      reason,
      ...(rule.class && { class: rule.class }),
    };
    return { rule, match, aboutRecipient: reasonCountsAgainstRecipient(reason) };
  });
}

// One pass over the text tells whether any phrase can match; most bounces name none, and then only the rules that
// need no phrase are worth trying. Case-insensitive throughout, so it never rules out a phrase that would match.
const ANY_PHRASE = new RegExp(
  RULES.flatMap(({ rule }) => (rule.text === undefined ? [] : [`(?:${rule.text.source})`])).join('|'),
  'i',
);

const SENDER_STAGES: ReadonlySet<string> = new Set(['connect', 'helo', 'mail_from']);

export function matchProviderRule(facts: BounceFacts): RuleMatch | undefined {
  if (facts.text === '' && facts.enhancedStatus === undefined) {
    return undefined;
  }
  // Before RCPT TO nothing can be about the recipient, however a provider worded it; the stage layer takes over.
  const senderStage = facts.stage !== undefined && SENDER_STAGES.has(facts.stage);
  const anyPhrase = ANY_PHRASE.test(facts.text);
  for (const { rule, match, aboutRecipient } of RULES) {
    if ((anyPhrase || rule.text === undefined) && !(senderStage && aboutRecipient) && holds(rule, facts)) {
      return match;
    }
  }
  return undefined;
}

function holds(rule: ProviderRule, facts: BounceFacts): boolean {
  if (rule.replyCodes !== undefined && (facts.replyCode === undefined || !rule.replyCodes.includes(facts.replyCode))) {
    return false;
  }
  if (rule.status !== undefined && (facts.enhancedStatus === undefined || !rule.status.test(facts.enhancedStatus))) {
    return false;
  }
  return (rule.text === undefined || rule.text.test(facts.text)) && (rule.context?.test(facts.text) ?? true);
}
