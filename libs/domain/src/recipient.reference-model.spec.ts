import fc from 'fast-check';
import type { SmtpEvidence } from './classification';
import type { DecisionEvent, Standing } from './events';
import { canonicalJson } from './fact-fingerprint';
import { DEFAULT_POLICY_DOCUMENT, parsePolicy } from './policy-parser';
import type { Policy, PolicyDocument } from './policy';
import type { RecipientCommand } from './recipient-commands';
import type { Decision } from './recipient.decider';
import { decide, indexFacts } from './recipient.decider';
import type { RecipientState } from './recipient-state';
import { evolve, initialRecipientState } from './recipient-state';
import type { StatusView } from './recipient-status';
import { statusAt } from './recipient-status';
import { ADDRESS, MAILBOX_FULL, MAILBOX_UNKNOWN, RATE_LIMITED, REPUTATION_BLOCK } from './testing/decider-spec';
import type {
  ModelBounce,
  ModelCommand,
  ModelDecision,
  ModelOutcome,
  ModelStanding,
  ModelStatus,
} from './testing/reference-model';
import { ReferenceModel } from './testing/reference-model';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const START = Date.parse('2026-03-01T00:00:00Z');

/** Bounces of each kind the rules tell apart, with the classification the model is told they get. */
const EVIDENCE = {
  mailboxFull: { smtp: MAILBOX_FULL, class: 'soft', counts: true, reason: 'mailbox_full' },
  mailboxDisabled: {
    smtp: { replyCode: 450, enhancedStatus: '4.2.1', diagnostic: '450 4.2.1 mailbox temporarily disabled' },
    class: 'soft',
    counts: true,
    reason: 'mailbox_disabled',
  },
  undetermined: {
    smtp: { diagnostic: 'something went wrong' },
    class: 'undetermined',
    counts: true,
    reason: 'undetermined',
  },
  mailboxUnknown: { smtp: MAILBOX_UNKNOWN, class: 'hard', counts: true, reason: 'mailbox_unknown' },
  reputationBlock: { smtp: REPUTATION_BLOCK, class: 'hard', counts: false, reason: 'reputation_block' },
  rateLimited: { smtp: RATE_LIMITED, class: 'soft', counts: false, reason: 'rate_limited' },
} as const satisfies Record<string, { smtp: SmtpEvidence } & Omit<ModelBounce, 'kind' | 'id' | 'occurredAt'>>;
type EvidenceName = keyof typeof EVIDENCE;

/** An event time: some offset from now, or from the event time of an earlier command. */
type TimeChoice = { from: 'now'; offset: number } | { from: 'earlier'; pick: number; offset: number };

type Step =
  | { kind: 'bounce'; evidence: EvidenceName; time: TimeChoice }
  | { kind: 'delivery'; time: TimeChoice }
  | { kind: 'correction'; time: TimeChoice | null; liftComplaint: boolean | null }
  | { kind: 'complaint'; time: TimeChoice; feedbackType: 'abuse' | 'fraud' | null }
  | { kind: 'unsubscribe'; time: TimeChoice; method: 'link' | 'one_click'; list: 'news' | null }
  | { kind: 'suppression'; cause: 'manual' | 'imported' }
  | { kind: 'revert'; pick: number; by: string }
  /** The same command again, as a redelivered webhook or a retried request. */
  | { kind: 'resend'; pick: number }
  /** A delivery reusing the event id of an earlier command. */
  | { kind: 'clash'; pick: number };

interface TimedStep {
  advance: number;
  step: Step;
}

interface Scenario {
  policy: Policy;
  steps: TimedStep[];
}

const policyArbitrary = fc
  .record({
    limit: fc.integer({ min: 1, max: 4 }),
    quarantineBelow: fc.nat(3),
    windowHours: fc.integer({ min: 1, max: 6 }),
    quarantineHours: fc.integer({ min: 1, max: 12 }),
    heartbeatHours: fc.integer({ min: 0, max: 4 }),
    undetermined: fc.constantFrom('count_as_soft' as const, 'ignore' as const),
    restoreOnDelivery: fc.boolean(),
    hardBounceSuppresses: fc.boolean(),
  })
  .map((p): Policy => {
    const document: PolicyDocument = {
      ...structuredClone(DEFAULT_POLICY_DOCUMENT),
      version: 'generated',
      hardBounce: { action: p.hardBounceSuppresses ? 'suppress' : 'ignore' },
      softBounce: {
        limit: p.limit,
        window: `PT${p.windowHours}H`,
        quarantineAt: Math.max(1, p.limit - p.quarantineBelow),
        quarantineFor: `PT${p.quarantineHours}H`,
      },
      undetermined: p.undetermined,
      restoreOnDelivery: p.restoreOnDelivery,
      deliveryHeartbeat: p.heartbeatHours === 0 ? 'P0D' : `PT${p.heartbeatHours}H`,
      overrides: [],
    };
    const parsed = parsePolicy(document);
    if (!parsed.ok) {
      throw new Error(JSON.stringify(parsed.errors));
    }
    return parsed.policy;
  });

/** The spans of the policy, exactly and a millisecond either side: where off-by-one mistakes show. */
function edgesOf(policy: Policy): number[] {
  const spans = [policy.softBounceWindowMs, policy.quarantineForMs, policy.deliveryHeartbeatMs];
  return spans.flatMap((span) => [span - 1, span, span + 1]);
}

function scenarioArbitrary(policy: Policy): fc.Arbitrary<Scenario> {
  const edges = edgesOf(policy);
  const quarterHours = (min: number, max: number) => fc.integer({ min, max }).map((k) => k * 15 * MINUTE);
  // Mostly recent, some late, some exactly a span before (or after) another event, a few ahead of the clock.
  const offset = fc.oneof(
    { weight: 4, arbitrary: quarterHours(-8, 0) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 }).map((k) => -k * HOUR) },
    { weight: 3, arbitrary: fc.constantFrom(...edges.map((edge) => -edge)) },
    { weight: 1, arbitrary: fc.constantFrom(1, 4 * MINUTE, 6 * MINUTE, ...edges) },
  );
  const time: fc.Arbitrary<TimeChoice> = fc.oneof(
    { weight: 2, arbitrary: offset.map((o): TimeChoice => ({ from: 'now', offset: o })) },
    {
      weight: 1,
      arbitrary: fc
        .record({ pick: fc.nat(), offset })
        .map(({ pick, offset: o }): TimeChoice => ({ from: 'earlier', pick, offset: o })),
    },
  );
  // Soft bounces most, so runs grow long enough to quarantine before a hard bounce or an operator suppresses.
  const evidence = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom<EvidenceName>('mailboxFull', 'mailboxDisabled', 'undetermined') },
    { weight: 1, arbitrary: fc.constantFrom<EvidenceName>('mailboxUnknown', 'reputationBlock', 'rateLimited') },
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record({ evidence, time }).map((s): Step => ({ kind: 'bounce', ...s })),
    },
    { weight: 4, arbitrary: time.map((t): Step => ({ kind: 'delivery', time: t })) },
    {
      weight: 2,
      arbitrary: fc
        .record({ time: fc.option(time), liftComplaint: fc.option(fc.boolean()) })
        .map((s): Step => ({ kind: 'correction', ...s })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ time, feedbackType: fc.option(fc.constantFrom('abuse' as const, 'fraud' as const)) })
        .map((s): Step => ({ kind: 'complaint', ...s })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          time,
          method: fc.constantFrom('link' as const, 'one_click' as const),
          list: fc.option(fc.constant('news' as const)),
        })
        .map((s): Step => ({ kind: 'unsubscribe', ...s })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('manual' as const, 'imported' as const)
        .map((cause): Step => ({ kind: 'suppression', cause })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ pick: fc.nat(), by: fc.constantFrom('ops', 'lead') })
        .map((s): Step => ({ kind: 'revert', ...s })),
    },
    { weight: 1, arbitrary: fc.nat().map((pick): Step => ({ kind: 'resend', pick })) },
    { weight: 1, arbitrary: fc.nat().map((pick): Step => ({ kind: 'clash', pick })) },
  );
  const advance = fc.oneof(
    { weight: 4, arbitrary: quarterHours(0, 6) },
    { weight: 1, arbitrary: fc.constantFrom(1, ...edges) },
  );
  return fc
    .array(fc.record({ advance, step }), { minLength: 5, maxLength: 30, size: 'max' })
    .map((steps) => ({ policy, steps }));
}

interface Sent {
  command: RecipientCommand;
  model: ModelCommand;
  occurredAt: number;
}

/** Runs one scenario through the decider, the way the app does (decide, append, fold), and through the model. */
class Comparison {
  private state: RecipientState = initialRecipientState();
  private readonly seen = new Map<string, string>();
  private readonly model: ReferenceModel;
  private readonly sent: Sent[] = [];
  /** The fact that triggered each restoration, by restoration id. */
  private readonly triggers = new Map<string, string>();
  now = START;

  constructor(private readonly policy: Policy) {
    this.model = new ReferenceModel(policy);
  }

  step({ advance, step }: TimedStep, index: number): void {
    this.now += advance;
    const sent = this.toCommand(step, index);
    const decision = decide(sent.command, this.state, { policy: this.policy, now: this.now, seenFacts: this.seen });
    const expected = this.model.handle(sent.model, this.now);
    agree({ step: index, ...outcomeOf(decision) }, { step: index, ...expected });
    if (decision.outcome === 'recorded') {
      const folded = decision.events.reduce(evolve, this.state);
      agree(folded, decision.state);
      this.state = folded;
      indexFacts(decision.events, this.seen);
      for (const event of decision.decisions) {
        if (event.type === 'RecipientRestored') {
          this.triggers.set(event.data.restorationId, event.data.trigger);
        }
      }
    }
    if (step.kind !== 'resend' && step.kind !== 'clash') {
      this.sent.push(sent);
    }
    this.compareStatusAt(this.around(this.now));
  }

  /** After the last step: the status at every edge that any event time and the policy's spans make. */
  compareStatusEverywhere(): void {
    const times = this.sent.map((sent) => sent.occurredAt);
    for (let later = 0; later <= 12; later++) {
      times.push(this.now + later * HOUR);
    }
    this.compareStatusAt(this.around(...times));
  }

  /** The given times, each policy span after them, and the end of whatever holds now, a millisecond either side. */
  private around(...times: number[]): Set<number> {
    const instants = new Set<number>();
    for (const time of times) {
      for (const edge of [0, 1, ...edgesOf(this.policy)]) {
        instants.add(time + edge);
      }
    }
    for (const view of [statusAt(this.state, this.policy, this.now), this.model.statusAt(this.now)]) {
      const until = typeof view.until === 'string' ? Date.parse(view.until) : view.until;
      if (until !== undefined) {
        [until - 1, until, until + 1].forEach((instant) => instants.add(instant));
      }
    }
    return instants;
  }

  private compareStatusAt(instants: Iterable<number>): void {
    for (const at of instants) {
      const view = statusAt(this.state, this.policy, at);
      agree(view.suppressed, view.status === 'quarantined' || view.status === 'suppressed');
      agree({ at: iso(at), ...statusOf(view) }, { at: iso(at), ...this.model.statusAt(at) });
    }
  }

  private toCommand(step: Step, index: number): Sent {
    const eventId = `event-${index}`;
    switch (step.kind) {
      case 'bounce': {
        const occurredAt = this.timeOf(step.time);
        const { smtp, ...classification } = EVIDENCE[step.evidence];
        return {
          command: { type: 'RecordBounce', address: ADDRESS, eventId, occurredAt: iso(occurredAt), smtp },
          model: { kind: 'bounce', id: eventId, occurredAt, ...classification },
          occurredAt,
        };
      }
      case 'delivery':
        return this.delivery(eventId, this.timeOf(step.time));
      case 'correction': {
        const occurredAt = step.time === null ? undefined : this.timeOf(step.time);
        const liftComplaint = step.liftComplaint ?? undefined;
        const command: RecipientCommand = { type: 'RecordCorrection', address: ADDRESS, eventId, by: 'ops' };
        const withLift = liftComplaint === undefined ? command : { ...command, liftComplaint };
        return {
          command: occurredAt === undefined ? withLift : { ...withLift, occurredAt: iso(occurredAt) },
          model: { kind: 'correction', id: eventId, by: 'ops', occurredAt, liftComplaint },
          occurredAt: occurredAt ?? this.now,
        };
      }
      case 'complaint': {
        const occurredAt = this.timeOf(step.time);
        const feedbackType = step.feedbackType ?? undefined;
        return {
          command: { type: 'RecordComplaint', address: ADDRESS, eventId, occurredAt: iso(occurredAt), feedbackType },
          model: { kind: 'complaint', id: eventId, occurredAt, feedbackType },
          occurredAt,
        };
      }
      case 'unsubscribe': {
        const occurredAt = this.timeOf(step.time);
        const { method } = step;
        const list = step.list ?? undefined;
        return {
          command: { type: 'RecordUnsubscribe', address: ADDRESS, eventId, occurredAt: iso(occurredAt), method, list },
          model: { kind: 'unsubscribe', id: eventId, occurredAt, method, list },
          occurredAt,
        };
      }
      case 'suppression': {
        const reason = step.cause === 'imported' ? 'ses:Permanent' : undefined;
        return {
          command: { type: 'SuppressManually', address: ADDRESS, eventId, by: 'ops', cause: step.cause, reason },
          model: { kind: 'suppression', id: eventId, by: 'ops', cause: step.cause, reason },
          occurredAt: this.now,
        };
      }
      case 'revert': {
        const ids = Object.keys(this.state.restorations);
        const restorationId = ids.length === 0 ? 'no-such-restoration' : ids[step.pick % ids.length]!;
        return {
          command: { type: 'RevertRestoration', address: ADDRESS, restorationId, by: step.by },
          model: { kind: 'revert', restoredBy: this.triggers.get(restorationId) ?? null, by: step.by },
          occurredAt: this.now,
        };
      }
      case 'resend':
        return this.sent.length === 0 ? this.delivery(eventId, this.now) : this.sent[step.pick % this.sent.length]!;
      case 'clash': {
        const withIds = this.sent.filter((sent) => sent.model.kind !== 'revert');
        const earlier = withIds[step.pick % Math.max(1, withIds.length)];
        return this.delivery(earlier?.command.eventId ?? eventId, this.now);
      }
      default: {
        const unknown: never = step;
        return unknown;
      }
    }
  }

  private delivery(eventId: string, occurredAt: number): Sent {
    return {
      command: { type: 'RecordDelivery', address: ADDRESS, eventId, occurredAt: iso(occurredAt) },
      model: { kind: 'delivery', id: eventId, occurredAt },
      occurredAt,
    };
  }

  private timeOf(time: TimeChoice): number {
    if (time.from === 'now' || this.sent.length === 0) {
      return this.now + time.offset;
    }
    return this.sent[time.pick % this.sent.length]!.occurredAt + time.offset;
  }
}

/** Thousands of comparisons per history: a cheap one first, and Jest's diff only to report a disagreement. */
function agree(actual: unknown, expected: unknown): void {
  if (canonicalJson(actual) !== canonicalJson(expected)) {
    expect(actual).toEqual(expected);
  }
}

function outcomeOf(decision: Decision): ModelOutcome {
  switch (decision.outcome) {
    case 'recorded':
      return { outcome: 'recorded', decisions: decision.decisions.map(decisionOf) };
    case 'rejected':
      return { outcome: 'rejected', code: decision.code };
    case 'duplicate':
    case 'not_recorded':
      return { outcome: decision.outcome };
    default: {
      const unknown: never = decision;
      return unknown;
    }
  }
}

function decisionOf(event: DecisionEvent): ModelDecision {
  switch (event.type) {
    case 'RecipientSuppressed': {
      const { cause, reason, evidence } = event.data;
      return { type: 'suppressed', cause, reason, evidence };
    }
    case 'RecipientQuarantined':
      return { type: 'quarantined', until: Date.parse(event.data.until), evidence: event.data.evidence };
    case 'QuarantineLifted':
      return { type: 'quarantine_lifted' };
    case 'RecipientRestored':
      return { type: 'restored', previous: standingOf(event.data.previous) };
    case 'RecipientReevaluated':
      throw new Error('a command never re-evaluates: only a policy adoption does');
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function standingOf(standing: Standing): ModelStanding {
  switch (standing.kind) {
    case 'clear':
      return standing;
    case 'quarantined':
      return { kind: 'quarantined', until: Date.parse(standing.until), since: Date.parse(standing.since) };
    case 'suppressed': {
      const { cause, reason, since } = standing;
      return { kind: 'suppressed', cause, reason, since: Date.parse(since) };
    }
    default: {
      const unknown: never = standing;
      return unknown;
    }
  }
}

function statusOf(view: StatusView): ModelStatus {
  const { status, restored, cause, reason, since, until } = view;
  return {
    status,
    restored,
    cause,
    reason,
    since: since === undefined ? undefined : Date.parse(since),
    until: until === undefined ? undefined : Date.parse(until),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function runScenario({ policy, steps }: Scenario): void {
  const comparison = new Comparison(policy);
  steps.forEach((step, index) => comparison.step(step, index));
  comparison.compareStatusEverywhere();
}

describe('the recipient decider against the reference model', () => {
  it('agrees on every decision and every status, on random histories under random small policies', () => {
    // Mutation testing asks for fewer runs (testing/mutation-setup.ts): it reruns this for every mutant.
    const numRuns = fc.readConfigureGlobal().numRuns ?? 400;
    fc.assert(fc.property(policyArbitrary.chain(scenarioArbitrary), runScenario), { numRuns });
  });
});
