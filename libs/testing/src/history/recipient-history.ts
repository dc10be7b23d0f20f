import type { Policy, ProviderVerdict, RecipientCommand, RecipientEvent, RecipientState } from '@app/domain';
import { decide, initialRecipientState } from '@app/domain';
import type { EvidenceKind, EvidenceTemplate, MailboxFamily } from './bounce-evidence';
import { EVIDENCE, SENDING_IPS } from './bounce-evidence';
import type { Random } from './random';
import type { RecipientProfile, StepKind } from './recipient-profiles';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const SUPPORT = 'support@company.test';
export const SOURCES = ['ses', 'sendgrid', 'postmark', 'mta'] as const;
export type Source = (typeof SOURCES)[number];

export interface RecipientPlan {
  index: number;
  address: string;
  family: MailboxFamily;
  profile: RecipientProfile;
  source: Source;
  /** Facts to attempt; deliveries the heartbeat makes redundant are answered without an event. */
  steps: number;
  start: number;
  end: number;
}

export interface GeneratorSettings {
  policy: Policy;
  seed: number;
  /** Distinct per-message tokens in replies that carry one (Gmail's): fewer make replies repeat more. */
  messageTokens: number;
}

interface PlannedStep {
  kind: StepKind;
  occurredAt: number;
  recordedAt: number;
}

/** Plans one recipient's facts, then records them through the real decider at their recording times. */
export function generateRecipient(plan: RecipientPlan, random: Random, settings: GeneratorSettings): RecipientEvent[] {
  const events: RecipientEvent[] = [];
  const seen = new Map<string, string>();
  let state: RecipientState = initialRecipientState();
  planSteps(plan, random).forEach((step, j) => {
    const command = toCommand(plan, step, j, state, random, settings);
    if (command === undefined) {
      return;
    }
    // Generated event ids never repeat, so the decider needs no index of earlier facts to spot duplicates.
    const decision = decide(command, state, { policy: settings.policy, now: step.recordedAt, seenFacts: seen });
    if (decision.outcome === 'recorded') {
      events.push(...decision.events);
      state = decision.state;
    }
  });
  return events;
}

function planSteps(plan: RecipientPlan, random: Random): PlannedStep[] {
  const steps: PlannedStep[] = [];
  const span = plan.end - plan.start;
  let t = 0;
  let previous: StepKind | undefined;
  for (let j = 0; j < plan.steps; j++) {
    const kind = random.weighted(plan.profile.steps).kind;
    const bursting = (kind === 'soft' || kind === 'undetermined') && previous === kind;
    t +=
      bursting && random.chance(plan.profile.burstiness)
        ? random.exponential(6 * HOUR)
        : random.exponential(span / plan.steps);
    steps.push({ kind, occurredAt: t, recordedAt: 0 });
    previous = kind;
  }
  // Squeeze the walk into the recipient's period, so the newest events lie close to the end of the history.
  const scale = t > span ? span / t : 1;
  for (const step of steps) {
    step.occurredAt = Math.floor(plan.start + step.occurredAt * scale);
    step.recordedAt = Math.min(plan.end, step.occurredAt + lag(random));
  }
  // Commands are decided in the order they reach the service; a late one arrives after newer facts.
  return steps.sort((a, b) => a.recordedAt - b.recordedAt);
}

/** Mostly seconds; sometimes minutes; now and then a provider reports a day late. */
function lag(random: Random): number {
  const roll = random.next();
  if (roll < 0.9) {
    return random.int(2 * MINUTE);
  }
  return roll < 0.98 ? random.int(60 * MINUTE) : HOUR + random.int(35 * HOUR);
}

function toCommand(
  plan: RecipientPlan,
  step: PlannedStep,
  j: number,
  state: RecipientState,
  random: Random,
  settings: GeneratorSettings,
): RecipientCommand | undefined {
  const { address, source } = plan;
  const occurredAt = new Date(step.occurredAt).toISOString();
  const messageId = `<${settings.seed}.${plan.index}.${j}@mail.company.test>`;
  switch (step.kind) {
    case 'delivery':
      return { type: 'RecordDelivery', address, occurredAt, messageId, source };
    case 'correction':
      return { type: 'RecordCorrection', address, occurredAt, by: SUPPORT, note: 'mailbox re-created by the customer' };
    case 'manual':
      return {
        type: 'SuppressManually',
        address,
        occurredAt,
        by: SUPPORT,
        note: 'customer asked to stop',
        cause: 'manual',
      };
    case 'revert': {
      const restoration = state.restoration;
      return restoration === null
        ? undefined
        : {
            type: 'RevertRestoration',
            address,
            restorationId: restoration.restorationId,
            by: SUPPORT,
            note: 'restored by mistake',
          };
    }
    case 'hard':
    case 'soft':
    case 'sender':
    case 'undetermined':
      return bounceCommand(plan, step.kind, occurredAt, messageId, random, settings);
    default: {
      const unknown: never = step.kind;
      return unknown;
    }
  }
}

function bounceCommand(
  plan: RecipientPlan,
  kind: EvidenceKind,
  occurredAt: string,
  messageId: string,
  random: Random,
  settings: GeneratorSettings,
): RecipientCommand {
  const template = pickTemplate(plan.family, kind, random);
  const diagnostic = template.text
    .replace(/\{ip\}/g, random.pick(SENDING_IPS))
    .replace(/\{id\}/g, `${random.int(settings.messageTokens).toString(36)}si${plan.index % 97}qkb`)
    .replace(/\{addr\}/g, plan.address);
  const smtp = withoutUndefined({
    replyCode: template.replyCode,
    enhancedStatus: template.enhancedStatus,
    diagnostic,
    stage: template.stage,
  });
  const providerVerdict = verdict(plan.source, kind, template);
  const dsnStatus = plan.source === 'mta' ? template.enhancedStatus : undefined;
  return withoutUndefined({
    type: 'RecordBounce' as const,
    address: plan.address,
    occurredAt,
    messageId,
    source: plan.source,
    smtp,
    providerVerdict,
    dsnStatus,
  });
}

function pickTemplate(family: MailboxFamily, kind: EvidenceKind, random: Random): EvidenceTemplate {
  const own = EVIDENCE.filter((item) => item.kind === kind && (item.family === family || item.family === 'any'));
  return random.weighted(own.length > 0 ? own : EVIDENCE.filter((item) => item.kind === kind));
}

/** The ESP's own label, as each provider would give it (evidence, not truth: the codes decide). */
function verdict(source: Source, kind: EvidenceKind, template: EvidenceTemplate): ProviderVerdict | undefined {
  const permanent = (template.replyCode ?? 500) >= 500;
  switch (source) {
    case 'ses':
      if (kind === 'undetermined') {
        return { provider: 'ses', type: 'Undetermined', subType: 'Undetermined' };
      }
      return kind === 'soft' && /full|quota|storage/i.test(template.text)
        ? { provider: 'ses', type: 'Transient', subType: 'MailboxFull' }
        : { provider: 'ses', type: permanent ? 'Permanent' : 'Transient', subType: 'General' };
    case 'sendgrid':
      return { provider: 'sendgrid', type: kind === 'sender' ? 'blocked' : 'bounce' };
    case 'postmark': {
      const type = { hard: 'HardBounce', soft: 'SoftBounce', sender: 'Blocked', undetermined: 'Unknown' }[kind];
      return { provider: 'postmark', type };
    }
    case 'mta':
      return undefined;
    default: {
      const unknown: never = source;
      return unknown;
    }
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
