import type { BounceEvidence, BounceFacts, RuleMatch } from './bounce-evidence';
import { readBounceFacts, STAGE_PATTERNS } from './bounce-evidence';
import type { BounceClass, BounceReason, Classification, SmtpStage } from './classification';
import { codeRulesOutRecipient, enhancedStatusReading } from './enhanced-status-rules';
import type { PolicyOverride } from './policy';
import { matchProviderRule, PROVIDER_RULE_PATTERNS } from './provider-rules';
import { matchProviderVerdict } from './provider-verdict-rules';
import { replyCodeReading } from './reply-code-rules';
import { reasonCountsAgainstRecipient, RECEIVING_SYSTEM_REASONS, SENDER_SIDE_REASONS } from './sender-side-reasons';
import type { TextMatch } from './text-pattern-rules';
import { matchTextPattern, TEXT_RULE_PATTERNS } from './text-pattern-rules';

export type { BounceEvidence } from './bounce-evidence';
export { smtpCommandStage } from './bounce-evidence';
export { normaliseReplyText } from './reply-text';
export { reasonCountsAgainstRecipient } from './sender-side-reasons';

/** Recorded with every classification, so replay can tell which rules produced a stored result. */
export const CLASSIFIER_VERSION = '2026-12.1';

const NO_OVERRIDES: readonly PolicyOverride[] = [];
const UNDETERMINED: RuleMatch = { rule: 'fallback:undetermined', reason: 'undetermined', class: 'undetermined' };
const SENDER_STAGE_RULES: Partial<Record<SmtpStage, string>> = {
  connect: 'stage:connect',
  helo: 'stage:helo',
  mail_from: 'stage:mail_from',
};
// Conditions that clear by themselves even when the server said 5xx. Trouble at the receiving system follows the reply
// code instead: it never counts, so its class only tells whether the MTA will retry.
const ALWAYS_SOFT: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'mailbox_full',
  'mailbox_unavailable',
  'greylisted',
]);
// Conditions of the address itself: the only ones words may still report under a code that rules out the mailbox.
const ADDRESS_CONDITIONS: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'mailbox_unknown',
  'domain_unknown',
  'address_invalid',
  'mailbox_disabled',
  'recipient_moved',
]);
const CODE_ONLY_RULE = /^(?:enhanced|reply|fallback):/;
const HARD_WITHOUT_CODES: ReadonlySet<BounceReason> = new Set<BounceReason>([
  'mailbox_unknown',
  'domain_unknown',
  'address_invalid',
  'mailbox_disabled',
  'recipient_moved',
  'message_too_large',
  'content_rejected',
]);

/**
 * Classifies one bounce from its evidence. Layers, first match wins: a provider's word that the quota of our own
 * sending account ran out, policy overrides, provider-specific rules, the SMTP stage, the enhanced status code, the
 * reply code, generic text patterns, the ESP's verdict, phrases that name no cause ("try again later"), undetermined.
 * Codes that providers misuse let the text patterns speak first (see `Certainty`). Whatever layer answered, a code
 * that rules out the recipient's mailbox keeps the bounce from counting unless words confirm an address condition.
 */
export function classifyBounce(
  evidence: BounceEvidence,
  overrides: readonly PolicyOverride[] = NO_OVERRIDES,
): Classification {
  const facts = readBounceFacts(evidence);
  const phrase = phraseOnce(facts.text);
  const provider = matchProviderRule(facts);
  const match =
    ourOwnAccount(provider) ??
    matchOverride(facts, overrides) ??
    withinRecipientRule(
      provider ??
        matchSenderStage(facts, phrase) ??
        matchCodesAndText(facts, phrase) ??
        matchProviderVerdict(facts.verdict) ??
        weak(phrase()) ??
        UNDETERMINED,
      facts,
    );
  return {
    class: match.class ?? classOf(match.reason, facts.permanence),
    reason: match.reason,
    countsAgainstRecipient: match.countsAgainstRecipient ?? reasonCountsAgainstRecipient(match.reason),
    rule: match.rule,
    classifierVersion: CLASSIFIER_VERSION,
  };
}

/**
 * Every pattern the classifier reads a reply with: the SMTP stage's, the providers' and the generic phrases'. Test
 * corpora are generated from them, so that every rule gets text it may match.
 */
export function classifierPatterns(): readonly RegExp[] {
  return [...STAGE_PATTERNS, ...PROVIDER_RULE_PATTERNS, ...TEXT_RULE_PATTERNS];
}

// The quota of the account we send from is a fact about us, whatever the reply goes on to say: an override written to
// read a recipient server's "5.2.2 mailbox full" must not turn Microsoft's STOREDRV.Submission quota into one.
function ourOwnAccount(provider: RuleMatch | undefined): RuleMatch | undefined {
  return provider?.reason === 'sender_quota_exceeded' ? provider : undefined;
}

function matchOverride(facts: BounceFacts, overrides: readonly PolicyOverride[]): RuleMatch | undefined {
  for (let index = 0; index < overrides.length; index++) {
    const override = overrides[index];
    if (override !== undefined && overrideApplies(override.match, facts)) {
      const { reason, countsAgainstRecipient } = override;
      return { rule: `override:${index}`, reason, class: override.class, countsAgainstRecipient };
    }
  }
  return undefined;
}

function overrideApplies(match: PolicyOverride['match'], facts: BounceFacts): boolean {
  const { enhancedStatus, replyCode, text, provider } = match;
  // A match that names nothing would silently reclassify every bounce; the parser rejects it, and so do we.
  if (enhancedStatus === undefined && replyCode === undefined && text === undefined && provider === undefined) {
    return false;
  }
  if (enhancedStatus !== undefined && enhancedStatus !== facts.enhancedStatus) {
    return false;
  }
  if (replyCode !== undefined && replyCode !== facts.replyCode) {
    return false;
  }
  if (provider !== undefined && !sameProvider(provider, facts.verdict?.provider)) {
    return false;
  }
  if (text !== undefined) {
    if (text.global || text.sticky) {
      text.lastIndex = 0;
    }
    return text.test(facts.text);
  }
  return true;
}

function sameProvider(named: string, verdictProvider: unknown): boolean {
  return typeof verdictProvider === 'string' && named.toLowerCase() === verdictProvider.toLowerCase();
}

// A refusal before RCPT TO cannot judge the recipient: keep the sender-side cause when the codes or text name one.
// Trouble at the receiving system explains a refused connection or greeting, but a server that refuses our envelope
// sender after greeting us is up and running: that is a refusal of us.
function matchSenderStage(facts: BounceFacts, phrase: () => TextMatch | undefined): RuleMatch | undefined {
  const rule = facts.stage === undefined ? undefined : SENDER_STAGE_RULES[facts.stage];
  if (rule === undefined) {
    return undefined;
  }
  const reading = matchCodesAndText(facts, phrase);
  const reason = reading?.reason;
  const kept =
    reason !== undefined &&
    (SENDER_SIDE_REASONS.has(reason) || (facts.stage !== 'mail_from' && RECEIVING_SYSTEM_REASONS.has(reason)));
  return kept
    ? { rule, reason, ...(reading?.class && { class: reading.class }) }
    : { rule, reason: 'policy_rejection' };
}

function matchCodesAndText(facts: BounceFacts, phrase: () => TextMatch | undefined): RuleMatch | undefined {
  const enhanced = enhancedStatusReading(facts.enhancedStatus);
  if (enhanced.certainty === 'decisive') {
    return enhanced.match;
  }
  const reply = replyCodeReading(facts.replyCode);
  // With both codes present the enhanced one names the reason (RFC 3463), so the reply code decides only alone.
  if (reply.certainty === 'decisive' && enhanced.match === undefined) {
    return reply.match;
  }
  const words = phrase();
  return (words?.weak === true ? undefined : words) ?? enhanced.match ?? reply.match;
}

// A phrase that only says the refusal is temporary, or that the message was refused, without saying why: it speaks
// only when no code and no ESP label named a cause.
function weak(words: TextMatch | undefined): RuleMatch | undefined {
  return words?.weak === true ? words : undefined;
}

// The generic phrases are read at most once per bounce, and only by the layers that get that far.
function phraseOnce(text: string): () => TextMatch | undefined {
  let read = false;
  let words: TextMatch | undefined;
  return () => {
    if (!read) {
      words = matchTextPattern(text);
      read = true;
    }
    return words;
  };
}

// reference/dsn-and-status-codes.md section 6.4: every X.3 to X.7 condition (and our own sender address, X.1.7 and
// X.1.8) is someone else's trouble. A phrase, a provider's wording or an ESP label may still report the address as
// unknown, disabled, moved or in a non-existent domain; nothing else under such a code counts, and a reply code or a
// generic phrase such as "mailbox full" never outranks it. The code's own reading then names the reason.
function withinRecipientRule(match: RuleMatch, facts: BounceFacts): RuleMatch {
  const counts = match.countsAgainstRecipient ?? reasonCountsAgainstRecipient(match.reason);
  if (!counts || !codeRulesOutRecipient(facts.enhancedStatus)) {
    return match;
  }
  if (ADDRESS_CONDITIONS.has(match.reason) && !CODE_ONLY_RULE.test(match.rule)) {
    return match;
  }
  const own = enhancedStatusReading(facts.enhancedStatus).match;
  if (own !== undefined && !reasonCountsAgainstRecipient(own.reason)) {
    return own;
  }
  return { ...match, countsAgainstRecipient: false };
}

function classOf(reason: BounceReason, permanence: BounceFacts['permanence']): BounceClass {
  if (reason === 'undetermined') {
    return 'undetermined';
  }
  if (ALWAYS_SOFT.has(reason)) {
    return 'soft';
  }
  if (permanence !== undefined) {
    return permanence === 'permanent' ? 'hard' : 'soft';
  }
  return HARD_WITHOUT_CODES.has(reason) ? 'hard' : 'soft';
}
