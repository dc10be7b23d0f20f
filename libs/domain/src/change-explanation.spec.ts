import { explainChange, summariseFact } from './change-explanation';
import type { BounceReceived, DecisionEvent, FactEvent } from './events';
import { isFact } from './events';
import { parsePolicy } from './policy-parser';
import { DEFAULT_POLICY_DOCUMENT } from './policy-parser';
import { replayRecipient } from './policy-simulator';
import { statusAt } from './recipient-status';
import { hardBounce, RecipientSpec, softBounce } from './testing/decider-spec';

const NOW = Date.parse('2026-01-02T00:00:00Z');

function facts(spec: RecipientSpec): FactEvent[] {
  return spec.events.filter(isFact);
}

describe('summariseFact', () => {
  it('names the class, the reason and the codes of a bounce', () => {
    const spec = new RecipientSpec().given(['2026-01-01T10:00:00Z', hardBounce('2026-01-01T10:00:00Z')]);
    expect(summariseFact(facts(spec)[0]!)).toBe('hard bounce, mailbox unknown (550 5.1.1)');
  });

  it('describes a bounce with the classification it is given instead of the recorded one', () => {
    const spec = new RecipientSpec().given(['2026-01-01T10:00:00Z', hardBounce('2026-01-01T10:00:00Z')]);
    const bounce = facts(spec)[0] as BounceReceived;
    expect(summariseFact(bounce, { class: 'soft', reason: 'mailbox_full' })).toBe(
      'soft bounce, mailbox full (550 5.1.1)',
    );
  });
});

describe('explainChange', () => {
  it('quotes the decision that set a standing, and describes a standing no decision in hand explains', () => {
    const spec = new RecipientSpec().given(
      ['2026-01-01T10:00:00Z', softBounce('2026-01-01T10:00:00Z')],
      ['2026-01-01T11:00:00Z', softBounce('2026-01-01T11:00:00Z')],
    );
    const parsed = parsePolicy({
      ...DEFAULT_POLICY_DOCUMENT,
      version: 'strict-1',
      softBounce: { limit: 2, window: 'P10D', quarantineAt: 1, quarantineFor: 'PT48H' },
    });
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    const strict = parsed.policy;
    const candidate = replayRecipient(spec.events, strict);
    const decision = spec.decisions().at(-1);
    const text = explainChange(
      { view: statusAt(spec.state, spec.policy, NOW), state: spec.state, lastDecision: decision, policy: spec.policy },
      {
        view: statusAt(candidate, strict, NOW),
        state: candidate,
        lastDecision: undefined as DecisionEvent | undefined,
        policy: strict,
      },
    );
    expect(text).toBe(
      `Under ${spec.policy.version} (in force) the recipient is quarantined: ${decision?.data.explanation} ` +
        'Under strict-1 the recipient is suppressed: suppressed (soft_bounce_limit: mailbox_full), ' +
        'decided at 2026-01-01T11:00:00.000Z under policy strict-1.',
    );
    expect(decision?.type).toBe('RecipientQuarantined');
  });
});
