import type { BounceFacts, RuleMatch } from './bounce-evidence';
import type { BounceClass, BounceReason } from './classification';
import { APPLE_RULES } from './apple-rules';
import { GMAIL_RULES } from './gmail-rules';
import { MAILBOX_PROVIDER_RULES } from './mailbox-provider-rules';
import { MICROSOFT_RULES } from './microsoft-rules';
import { MOBILE_CARRIER_RULES } from './mobile-carrier-rules';
import { NETEASE_RULES } from './netease-rules';
import { PhraseIndex, sortAscending } from './phrase-index';
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

// Every compiled rule has the same shape, whatever the rule gave, so the loop over them stays monomorphic.
interface CompiledRule {
  readonly text: RegExp | undefined;
  readonly context: RegExp | undefined;
  readonly status: RegExp | undefined;
  readonly replyCodes: readonly number[] | undefined;
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
    return {
      text: rule.text,
      context: rule.context,
      status: rule.status,
      replyCodes: rule.replyCodes,
      match,
      aboutRecipient: reasonCountsAgainstRecipient(reason),
    };
  });
}

// One pass over the text tells which phrases can match; most bounces name none of them, and then only the rules that
// need no phrase are worth trying. Entry i of the index is rule i's text, entry RULES.length + i its context.
const PHRASES = new PhraseIndex([...RULES.map(({ text }) => text), ...RULES.map(({ context }) => context)]);

/** Every text, context and status pattern of the provider rules, in the order the rules are tried. */
export const PROVIDER_RULE_PATTERNS: readonly RegExp[] = RULES.flatMap(({ text, context, status }) =>
  [text, context, status].filter((pattern): pattern is RegExp => pattern !== undefined),
);

const SENDER_STAGES: ReadonlySet<string> = new Set(['connect', 'helo', 'mail_from']);
// Rules that name no phrase at all are tried whatever the text holds.
const WITHOUT_PHRASES: readonly number[] = RULES.flatMap(({ text, context }, index) =>
  text === undefined && context === undefined ? [index] : [],
);
// Scratch lists for one classification at a time (classifying is synchronous), so a reply allocates none.
const FOUND: number[] = [];
const CANDIDATES: number[] = [];

export function matchProviderRule(facts: BounceFacts): RuleMatch | undefined {
  if (facts.text === '' && facts.enhancedStatus === undefined) {
    return undefined;
  }
  // Before RCPT TO nothing can be about the recipient, however a provider worded it; the stage layer takes over.
  const senderStage = facts.stage !== undefined && SENDER_STAGES.has(facts.stage);
  PHRASES.read(facts.text);
  const candidates = candidateRules();
  for (let candidate = 0; candidate < candidates.length; candidate++) {
    const index = candidates[candidate]!;
    const rule = RULES[index]!;
    if (!(senderStage && rule.aboutRecipient) && holds(rule, index, facts)) {
      return rule.match;
    }
  }
  return undefined;
}

/**
 * The rules that may hold for the text last read, in the order they are tried: most replies hold the words of a few
 * of the rules' phrases, so the rest are never visited. A rule is found by its text, or by its context when it has
 * no text; `holds` still checks both.
 */
function candidateRules(): readonly number[] {
  PHRASES.mayMatchAll(FOUND);
  CANDIDATES.length = 0;
  CANDIDATES.push(...WITHOUT_PHRASES);
  for (let index = 0; index < FOUND.length; index++) {
    const entry = FOUND[index]!;
    if (entry < RULES.length) {
      CANDIDATES.push(entry);
    } else if (RULES[entry - RULES.length]!.text === undefined) {
      CANDIDATES.push(entry - RULES.length);
    }
  }
  sortAscending(CANDIDATES);
  return CANDIDATES;
}

// The index answers first: it rules out almost every rule without running a pattern.
function holds(rule: CompiledRule, index: number, facts: BounceFacts): boolean {
  const { text, context, status, replyCodes } = rule;
  if (
    (text !== undefined && !PHRASES.mayMatch(index)) ||
    (context !== undefined && !PHRASES.mayMatch(RULES.length + index))
  ) {
    return false;
  }
  if (replyCodes !== undefined && (facts.replyCode === undefined || !replyCodes.includes(facts.replyCode))) {
    return false;
  }
  if (status !== undefined && (facts.enhancedStatus === undefined || !status.test(facts.enhancedStatus))) {
    return false;
  }
  return (text === undefined || text.test(facts.text)) && (context === undefined || context.test(facts.text));
}
