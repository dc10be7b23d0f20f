import fc from 'fast-check';
import { classifyBounce } from './bounce-classifier';
import type { SmtpEvidence } from './classification';
import type { DecisionEvent, FactEvent, PolicyDocument } from './index';
import { isFact } from './events';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from './policy-parser';
import type { Policy } from './policy';
import {
  answerChanged,
  compareRecipient,
  reevaluate,
  replayFact,
  replayRecipient,
  SimulationTally,
} from './policy-simulator';
import { statusAt } from './recipient-status';
import type { RecipientCommand } from './recipient-commands';
import { foldRecipient, initialRecipientState } from './recipient-state';
import {
  ADDRESS,
  delivery,
  hardBounce,
  MAILBOX_FULL,
  MAILBOX_UNKNOWN,
  RATE_LIMITED,
  RecipientSpec,
  REPUTATION_BLOCK,
  softBounce,
} from './testing/decider-spec';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-01-01T00:00:00Z');

const RECIPIENT_SIDE: SmtpEvidence[] = [
  MAILBOX_FULL,
  MAILBOX_UNKNOWN,
  { replyCode: 451, diagnostic: '451 4.3.0 Temporary server error, please try again later' },
  { diagnostic: 'delivery failed for an unknown reason' },
];
const SENDER_SIDE: SmtpEvidence[] = [REPUTATION_BLOCK, RATE_LIMITED];

type Step =
  | { kind: 'bounce'; smtp: SmtpEvidence }
  | { kind: 'delivery' }
  | { kind: 'correction'; liftComplaint: boolean }
  | { kind: 'manual' }
  | { kind: 'complaint' }
  | { kind: 'unsubscribe'; list?: string }
  | { kind: 'revert'; pick: number };

interface TimedStep {
  step: Step;
  /** Gap since the previous command, and how long before its recording the event occurred. */
  gapMs: number;
  lagMs: number;
}

const stepArbitrary = (evidence: SmtpEvidence[], withOperators: boolean): fc.Arbitrary<Step> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...evidence).map((smtp): Step => ({ kind: 'bounce', smtp })) },
    { weight: 3, arbitrary: fc.constant<Step>({ kind: 'delivery' }) },
    ...(withOperators
      ? [
          { weight: 1, arbitrary: fc.boolean().map((liftComplaint): Step => ({ kind: 'correction', liftComplaint })) },
          { weight: 1, arbitrary: fc.constant<Step>({ kind: 'manual' }) },
          { weight: 1, arbitrary: fc.constant<Step>({ kind: 'complaint' }) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<Step>({ kind: 'unsubscribe' }, { kind: 'unsubscribe', list: 'news' }),
          },
          { weight: 1, arbitrary: fc.nat(5).map((pick): Step => ({ kind: 'revert', pick })) },
        ]
      : []),
  );

const historyArbitrary = (evidence: SmtpEvidence[], withOperators = true): fc.Arbitrary<TimedStep[]> =>
  fc.array(
    fc.record({
      step: stepArbitrary(evidence, withOperators),
      gapMs: fc.integer({ min: 60_000, max: 3 * DAY }),
      lagMs: fc.integer({ min: 0, max: 5 * DAY }),
    }),
    { maxLength: 40 },
  );

const policyArbitrary: fc.Arbitrary<Policy> = fc
  .record({
    limit: fc.integer({ min: 1, max: 5 }),
    quarantineOffset: fc.nat(4),
    windowDays: fc.integer({ min: 1, max: 10 }),
    quarantineHours: fc.integer({ min: 1, max: 72 }),
    heartbeatHours: fc.integer({ min: 0, max: 48 }),
    undetermined: fc.constantFrom('count_as_soft' as const, 'ignore' as const),
    restoreOnDelivery: fc.boolean(),
    hardSuppresses: fc.boolean(),
  })
  .map((p) => {
    const document: PolicyDocument = {
      ...structuredClone(DEFAULT_POLICY_DOCUMENT),
      version: 'generated',
      hardBounce: { action: p.hardSuppresses ? 'suppress' : 'ignore' },
      softBounce: {
        limit: p.limit,
        window: `P${p.windowDays}D`,
        quarantineAt: Math.max(1, p.limit - p.quarantineOffset),
        quarantineFor: `PT${p.quarantineHours}H`,
      },
      undetermined: p.undetermined,
      restoreOnDelivery: p.restoreOnDelivery,
      deliveryHeartbeat: p.heartbeatHours === 0 ? 'P0D' : `PT${p.heartbeatHours}H`,
    };
    const result = parsePolicy(document);
    if (!result.ok) {
      throw new Error(JSON.stringify(result.errors));
    }
    return result.policy;
  });

/** Runs generated commands through the live decider; returns the spec and the time after the last command. */
function live(steps: TimedStep[], policy: Policy): { spec: RecipientSpec; end: number } {
  const spec = new RecipientSpec(policy);
  let now = START;
  steps.forEach(({ step, gapMs, lagMs }, index) => {
    now += gapMs;
    const occurredAt = new Date(now - lagMs).toISOString();
    spec.when(new Date(now).toISOString(), toCommand(step, occurredAt, spec, index));
  });
  return { spec, end: now };
}

function toCommand(step: Step, occurredAt: string, spec: RecipientSpec, index: number): RecipientCommand {
  const base = { address: ADDRESS, eventId: `event-${index}` };
  switch (step.kind) {
    case 'bounce':
      return { ...base, type: 'RecordBounce', occurredAt, smtp: step.smtp };
    case 'delivery':
      return { ...base, type: 'RecordDelivery', occurredAt };
    case 'correction':
      return { ...base, type: 'RecordCorrection', occurredAt, by: 'ops', liftComplaint: step.liftComplaint };
    case 'complaint':
      return { ...base, type: 'RecordComplaint', occurredAt, source: 'ses', feedbackType: 'abuse' };
    case 'unsubscribe':
      return { ...base, type: 'RecordUnsubscribe', occurredAt, method: 'one_click', list: step.list };
    case 'manual':
      return { ...base, type: 'SuppressManually', occurredAt, by: 'ops', cause: 'manual' };
    case 'revert': {
      const ids = Object.keys(spec.state.restorations);
      const restorationId = ids.length === 0 ? 'unknown' : ids[step.pick % ids.length]!;
      return { ...base, type: 'RevertRestoration', restorationId, by: 'ops' };
    }
    default: {
      const unknown: never = step;
      return unknown;
    }
  }
}

function decisionsOfReplay(facts: FactEvent[], policy: Policy): DecisionEvent[] {
  let state = initialRecipientState();
  const decisions: DecisionEvent[] = [];
  for (const fact of facts) {
    const applied = replayFact(state, fact, policy);
    state = applied.state;
    decisions.push(...applied.decisions);
  }
  return decisions;
}

describe('the policy simulator', () => {
  describe('invariants', () => {
    it('reproduces exactly the recorded decisions when replaying under the policy in force', () => {
      fc.assert(
        fc.property(historyArbitrary([...RECIPIENT_SIDE, ...SENDER_SIDE]), policyArbitrary, (steps, policy) => {
          const { spec } = live(steps, policy);
          const facts = spec.events.filter(isFact);
          expect(decisionsOfReplay(facts, policy)).toEqual(spec.decisions());
        }),
        { numRuns: 300 },
      );
    });

    it('reports no change for any recipient when simulating the current policy', () => {
      fc.assert(
        fc.property(
          historyArbitrary([...RECIPIENT_SIDE, ...SENDER_SIDE]),
          policyArbitrary,
          fc.integer({ min: 0, max: 20 * DAY }),
          (steps, policy, after) => {
            const { spec, end } = live(steps, policy);
            const replayed = replayRecipient(spec.events, policy);
            const comparison = compareRecipient(spec.state, policy, replayed, policy, end + after);
            expect(comparison.changed).toBe(false);
            expect(replayed.standing).toEqual(spec.state.standing);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('rebuilds exactly the state the decider built live when folding the stream', () => {
      fc.assert(
        fc.property(historyArbitrary([...RECIPIENT_SIDE, ...SENDER_SIDE]), policyArbitrary, (steps, policy) => {
          const { spec } = live(steps, policy);
          expect(foldRecipient(spec.events)).toEqual(spec.state);
        }),
        { numRuns: 300 },
      );
    });

    it('never suppresses or quarantines on sender-side bounces alone', () => {
      fc.assert(
        fc.property(historyArbitrary(SENDER_SIDE, false), policyArbitrary, (steps, policy) => {
          const { spec, end } = live(steps, policy);
          expect(spec.decisions()).toEqual([]);
          expect(spec.statusAt(new Date(end).toISOString()).suppressed).toBe(false);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('under a candidate policy', () => {
    const history = () =>
      new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-02T10:00:00Z', softBounce('2026-03-02T10:00:00Z')],
      );
    const stricter = (() => {
      const result = parsePolicy({
        ...structuredClone(DEFAULT_POLICY_DOCUMENT),
        version: 'strict-2',
        softBounce: { limit: 2, window: 'P7D', quarantineAt: 1, quarantineFor: 'PT24H' },
      });
      if (!result.ok) {
        throw new Error('bad test policy');
      }
      return result.policy;
    })();

    it('shows a recipient that would be suppressed instead of quarantined, with its evidence', () => {
      const spec = history();
      const candidate = replayRecipient(spec.events, stricter);
      const comparison = compareRecipient(
        spec.state,
        defaultPolicy(),
        candidate,
        stricter,
        Date.parse('2026-03-02T11:00:00Z'),
      );
      expect(comparison).toMatchObject({ changed: true, transition: 'quarantined -> suppressed' });
      expect(comparison.evidence).toHaveLength(2);
    });

    it('replays a bounce with the classification the caller already made for it, instead of classifying it again', () => {
      const [bounce] = history().events.filter(isFact);
      const unknownMailbox = classifyBounce({ smtp: MAILBOX_UNKNOWN }, stricter.overrides);
      expect(replayFact(initialRecipientState(), bounce!, stricter, unknownMailbox).state.standing).toMatchObject({
        kind: 'suppressed',
        cause: 'hard_bounce',
      });
      expect(replayFact(initialRecipientState(), bounce!, stricter).state.standing.kind).toBe('quarantined');
    });

    it('tallies totals per status and a transition matrix with one example per kind of change', () => {
      const tally = new SimulationTally();
      const now = Date.parse('2026-03-02T11:00:00Z');
      const spec = history();
      tally.add(
        compareRecipient(spec.state, defaultPolicy(), replayRecipient(spec.events, stricter), stricter, now),
        4,
      );
      const quiet = new RecipientSpec();
      tally.add(compareRecipient(quiet.state, defaultPolicy(), quiet.state, stricter, now), 0);
      expect(tally.totals).toMatchObject({
        recipients: 2,
        events: 4,
        changed: 1,
        current: { quarantined: 1, deliverable: 1 },
        candidate: { suppressed: 1, deliverable: 1 },
        transitions: { 'quarantined -> suppressed': 1 },
      });
      expect([...tally.examples.keys()]).toEqual(['quarantined -> suppressed']);
    });

    it('re-evaluates on adoption where the answer changes, by whom, and folding the result gives the answer', () => {
      const spec = history();
      const now = Date.parse('2026-03-02T11:00:00Z');
      const replayed = replayRecipient(spec.events, stricter);
      const adoption = { policy: stricter, previous: defaultPolicy(), by: 'ops@company.test', now };
      const event = reevaluate(spec.state, replayed, adoption);
      expect(event?.data).toMatchObject({
        policyVersion: 'strict-2',
        by: 'ops@company.test',
        standing: { kind: 'suppressed', cause: 'soft_bounce_limit', since: new Date(now).toISOString() },
        previous: { kind: 'quarantined' },
      });
      expect(event?.data.explanation).toBe(
        'Re-evaluated under policy strict-2 by ops@company.test: quarantined until 2026-03-03T10:00:00.000Z -> ' +
          'suppressed (soft_bounce_limit: mailbox_full).',
      );
      const adopted = foldRecipient([...spec.events, event!]);
      expect(statusAt(adopted, stricter, now)).toMatchObject({ status: 'suppressed', cause: 'soft_bounce_limit' });
      expect(reevaluate(adopted, replayRecipient([...spec.events, event!], stricter), adoption)).toBeNull();
    });

    it('records nothing for a recipient whose answer stays, even if its replayed decisions differ in time or version', () => {
      const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', hardBounce('2026-03-01T09:00:00Z')]);
      const later = Date.parse('2026-03-05T00:00:00Z');
      const replayed = replayRecipient(spec.events, stricter);
      expect(replayed.standing).not.toEqual(spec.state.standing);

      const adoption = { policy: stricter, previous: defaultPolicy(), by: 'ops@company.test', now: later };
      expect(reevaluate(spec.state, replayed, adoption)).toBeNull();
    });

    it('opens no restoration for a recipient the candidate would have suppressed and restored again', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T12:00:00Z', softBounce('2026-03-01T12:00:00Z')],
        ['2026-03-01T14:00:00Z', delivery('2026-03-01T14:00:00Z')],
      );
      const now = Date.parse('2026-03-02T00:00:00Z');
      const replayed = replayRecipient(spec.events, stricter);
      expect(replayed.restoration).not.toBeNull();

      expect(compareRecipient(spec.state, defaultPolicy(), replayed, stricter, now).changed).toBe(false);
      const adoption = { policy: stricter, previous: defaultPolicy(), by: 'ops@company.test', now };
      expect(reevaluate(spec.state, replayed, adoption)).toBeNull();
    });

    it('lifts a suppression a looser policy no longer supports without making it a revertible restoration', () => {
      const spec = new RecipientSpec(stricter).given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T12:00:00Z', softBounce('2026-03-01T12:00:00Z')],
      );
      const now = Date.parse('2026-03-01T13:00:00Z');
      expect(spec.statusAt('2026-03-01T13:00:00Z')).toMatchObject({ status: 'suppressed' });
      const looser = defaultPolicy();
      const adoption = { policy: looser, previous: stricter, by: 'lead@company.test', now };

      const event = reevaluate(spec.state, replayRecipient(spec.events, looser), adoption);

      expect(event?.data).toMatchObject({ by: 'lead@company.test', previous: { kind: 'suppressed' } });
      const adopted = foldRecipient([...spec.events, event!]);
      expect(statusAt(adopted, looser, now)).toEqual({
        status: 'quarantined',
        suppressed: true,
        restored: false,
        since: new Date(now).toISOString(),
        until: '2026-03-02T12:00:00.000Z',
      });
      expect(adopted.restoration).toBeNull();
      expect(adopted.restorations).toEqual({});
    });

    it('keeps the change rule in one place: status, whether to send, or cause', () => {
      const deliverable = { status: 'deliverable', suppressed: false, restored: false } as const;
      expect(answerChanged(deliverable, { ...deliverable, restored: true })).toBe(false);
      expect(answerChanged(deliverable, { status: 'soft_bouncing', suppressed: false, restored: false })).toBe(true);
      const hard = { status: 'suppressed', suppressed: true, restored: false, cause: 'hard_bounce' } as const;
      expect(answerChanged(hard, { ...hard, reason: 'other', since: '2026-03-01T00:00:00Z' })).toBe(false);
      expect(answerChanged(hard, { ...hard, cause: 'soft_bounce_limit' })).toBe(true);
    });
  });

  describe('adopting a policy', () => {
    it('leaves every recipient with the answer the simulation showed, appending only where it showed a change', () => {
      fc.assert(
        fc.property(
          historyArbitrary([...RECIPIENT_SIDE, ...SENDER_SIDE]),
          policyArbitrary,
          policyArbitrary,
          fc.integer({ min: 0, max: 10 * DAY }),
          (steps, inForce, adopted, after) => {
            const { spec, end } = live(steps, inForce);
            const now = end + after;
            const simulated = compareRecipient(
              spec.state,
              inForce,
              replayRecipient(spec.events, adopted),
              adopted,
              now,
            );
            const adoption = { policy: adopted, previous: inForce, by: 'ops', now };

            const event = reevaluate(spec.state, replayRecipient(spec.events, adopted), adoption);

            const events = event === null ? spec.events : [...spec.events, event];
            const state = foldRecipient(events);
            const answer = statusAt(state, adopted, now);
            expect(answerChanged(answer, simulated.candidate)).toBe(false);
            expect(answerChanged(simulated.current, answer)).toBe(simulated.changed);
            if (event !== null) {
              expect(simulated.changed).toBe(true);
              expect(Object.keys(state.restorations)).toEqual(Object.keys(spec.state.restorations));
            }
            const again = compareRecipient(state, adopted, replayRecipient(events, adopted), adopted, now);
            expect(again.changed).toBe(false);
          },
        ),
        { numRuns: 400 },
      );
    });
  });
});
