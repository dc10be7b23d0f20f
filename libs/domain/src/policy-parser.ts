import type { BounceClass, BounceReason } from './classification';
import { BOUNCE_CLASSES, BOUNCE_REASONS } from './classification';
import { parseDuration } from './duration';
import type { Policy, PolicyDocument, PolicyOverride, PolicyOverrideDocument, UndeterminedHandling } from './policy';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';
import { reasonCountsAgainstRecipient } from './sender-side-reasons';

/** One problem in a policy document. `field` is a JSON path such as `overrides[1].match.text`; `$` is the whole. */
export interface FieldError {
  field: string;
  message: string;
}

export type PolicyResult = { ok: true; policy: Policy } | { ok: false; errors: FieldError[] };

export const MAX_OVERRIDES = 200;
export const MAX_OVERRIDE_TEXT_LENGTH = 500;
export const MAX_VERSION_LENGTH = 64;
/** Far beyond any sensible window; it keeps `occurredAt + duration` inside the range a Date can represent. */
export const MAX_POLICY_DURATION_MS = 3650 * 24 * 60 * 60 * 1000;

const VERSION = new RegExp(`^(?=[\\s\\S]*\\S)[\\s\\S]{1,${MAX_VERSION_LENGTH}}$`);
const ENHANCED_STATUS = /^\d\.\d{1,3}\.\d{1,3}$/;
const TEXT_PATTERN = new RegExp(`^[\\s\\S]{1,${MAX_OVERRIDE_TEXT_LENGTH}}$`);
const PROVIDER_NAME = /^[a-z0-9][\w.-]{0,63}$/i;
const OFF = 'equal to the limit turns quarantine off';
const DURATION_HINT = 'must be an ISO-8601 duration such as P7D or PT24H';
const UNDETERMINED_HANDLING: readonly [UndeterminedHandling, ...UndeterminedHandling[]] = ['count_as_soft', 'ignore'];
const HARD_BOUNCE_ACTIONS = ['suppress', 'ignore'] as const;

const MATCH_FIELDS = ['enhancedStatus', 'replyCode', 'text', 'provider'];

/** The policy in force when no POLICY_FILE is given (DESIGN section 3). Frozen: clone it before changing anything. */
export const DEFAULT_POLICY_DOCUMENT: Readonly<PolicyDocument> = deepFreeze<PolicyDocument>({
  version: 'default-1',
  hardBounce: { action: 'suppress' },
  softBounce: { limit: 3, window: 'P7D', quarantineAt: 2, quarantineFor: 'PT24H' },
  undetermined: 'count_as_soft',
  restoreOnDelivery: true,
  deliveryHeartbeat: 'PT24H',
  overrides: [
    {
      match: { enhancedStatus: '5.2.2', text: 'mailbox (is )?full|over ?quota' },
      class: 'soft',
      reason: 'mailbox_full',
    },
  ],
});

const TOP_LEVEL_FIELDS = Object.keys(DEFAULT_POLICY_DOCUMENT);

export function defaultPolicy(): Policy {
  const result = parsePolicy(DEFAULT_POLICY_DOCUMENT);
  if (!result.ok) {
    throw new Error(`the default policy is invalid: ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}

/** Validates a policy document, reporting every problem at once; sections left out take their defaults. */
export function parsePolicy(input: unknown): PolicyResult {
  if (!isRecord(input)) {
    return { ok: false, errors: [{ field: '$', message: 'the policy must be a JSON object' }] };
  }
  const errors: FieldError[] = [];
  // The version alone has no default: a policy that does not name itself cannot be told apart in the audit.
  const top = new Fields(errors, input, '', TOP_LEVEL_FIELDS, { ...DEFAULT_POLICY_DOCUMENT, version: undefined });
  const version = top.string('version', VERSION, `a non-blank name of at most ${MAX_VERSION_LENGTH} characters`);
  const hardBounce = top.section('hardBounce', ['action']);
  const action = hardBounce.oneOf('action', HARD_BOUNCE_ACTIONS);
  const soft = top.section('softBounce', ['limit', 'window', 'quarantineAt', 'quarantineFor']);
  const before = errors.length;
  const limit = soft.integer('limit', 1, MAX_SOFT_BOUNCE_LIMIT);
  // Against an invalid limit the threshold can only be checked against the largest limit allowed.
  const quarantineAt =
    errors.length === before
      ? soft.integer('quarantineAt', 1, limit, `must be a whole number from 1 to the limit (${limit}); ${OFF}`)
      : soft.integer('quarantineAt', 1, MAX_SOFT_BOUNCE_LIMIT);
  const window = soft.duration('window', 1);
  const quarantineFor = soft.duration('quarantineFor', 1);
  const undetermined = top.oneOf('undetermined', UNDETERMINED_HANDLING);
  const restoreOnDelivery = top.boolean('restoreOnDelivery');
  const heartbeat = top.duration('deliveryHeartbeat', 0);
  const overrides = readOverrides(top.value('overrides'), errors);
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  const document: PolicyDocument = {
    version,
    hardBounce: { action },
    softBounce: { limit, window: window.text, quarantineAt, quarantineFor: quarantineFor.text },
    undetermined,
    restoreOnDelivery,
    deliveryHeartbeat: heartbeat.text,
    overrides: overrides.map((override) => override.document),
  };
  return {
    ok: true,
    policy: {
      version,
      document,
      hardBounceSuppresses: action === 'suppress',
      softBounceLimit: limit,
      softBounceWindowMs: window.ms,
      quarantineAt,
      quarantineForMs: quarantineFor.ms,
      undetermined,
      restoreOnDelivery,
      deliveryHeartbeatMs: heartbeat.ms,
      overrides: overrides.map((override) => override.compiled),
    },
  };
}

interface Override {
  document: PolicyOverrideDocument;
  compiled: PolicyOverride;
}

function readOverrides(value: unknown, errors: FieldError[]): Override[] {
  if (!Array.isArray(value)) {
    errors.push({ field: 'overrides', message: 'must be an array of overrides' });
    return [];
  }
  if (value.length > MAX_OVERRIDES) {
    errors.push({ field: 'overrides', message: `must hold at most ${MAX_OVERRIDES} overrides, not ${value.length}` });
    return [];
  }
  return value.flatMap((item, index) => readOverride(item, `overrides[${index}]`, errors) ?? []);
}

function readOverride(value: unknown, field: string, errors: FieldError[]): Override | undefined {
  if (!isRecord(value)) {
    errors.push({ field, message: 'must be an object with match, class and reason' });
    return undefined;
  }
  const fields = new Fields(errors, value, field, ['match', 'class', 'reason', 'countsAgainstRecipient']);
  const match = readMatch(value.match, `${field}.match`, errors);
  const bounceClass = fields.oneOf<BounceClass>('class', BOUNCE_CLASSES);
  const reason = fields.oneOf<BounceReason>('reason', BOUNCE_REASONS);
  const counts = value.countsAgainstRecipient === undefined ? undefined : fields.boolean('countsAgainstRecipient');
  if (match === undefined) {
    return undefined;
  }
  const base = { class: bounceClass, reason };
  return {
    document: { match: match.document, ...base, ...(counts === undefined ? {} : { countsAgainstRecipient: counts }) },
    compiled: {
      match: match.compiled,
      ...base,
      countsAgainstRecipient: counts ?? reasonCountsAgainstRecipient(reason),
    },
  };
}

type Match = { document: PolicyOverrideDocument['match']; compiled: PolicyOverride['match'] };

function readMatch(value: unknown, field: string, errors: FieldError[]): Match | undefined {
  const expected = `at least one of: ${MATCH_FIELDS.join(', ')}`;
  if (!isRecord(value)) {
    errors.push({ field, message: `must be an object naming ${expected}` });
    return undefined;
  }
  const fields = new Fields(errors, value, field, MATCH_FIELDS);
  if (MATCH_FIELDS.every((key) => value[key] === undefined)) {
    errors.push({ field, message: `must name ${expected}` });
    return undefined;
  }
  const { enhancedStatus, replyCode, text, provider } = value;
  const document: PolicyOverrideDocument['match'] = {};
  if (enhancedStatus !== undefined) {
    document.enhancedStatus = fields.string(
      'enhancedStatus',
      ENHANCED_STATUS,
      'an RFC 3463 enhanced status code such as "5.2.2"',
    );
  }
  if (replyCode !== undefined) {
    document.replyCode = fields.integer('replyCode', 200, 599);
  }
  if (text !== undefined) {
    document.text = fields.string(
      'text',
      TEXT_PATTERN,
      `a regular expression of 1 to ${MAX_OVERRIDE_TEXT_LENGTH} characters`,
    );
  }
  if (provider !== undefined) {
    document.provider = fields.string(
      'provider',
      PROVIDER_NAME,
      'a provider name such as "ses": up to 64 letters, digits, dots, hyphens or underscores',
    );
  }
  const pattern = document.text === undefined ? undefined : compilePattern(document.text, `${field}.text`, errors);
  const { text: _source, ...plain } = document;
  return { document, compiled: { ...plain, ...(pattern === undefined ? {} : { text: pattern }) } };
}

function compilePattern(source: string, field: string, errors: FieldError[]): RegExp | undefined {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    errors.push({ field, message: `is not a valid regular expression: ${(error as Error).message}` });
    return undefined;
  }
}

/**
 * Reads the fields of one object at one JSON path, recording a problem for each bad or unknown field and carrying on
 * with a placeholder, so a caller sees every bad field at once; the placeholders never escape because any recorded
 * problem fails the whole parse.
 */
class Fields {
  constructor(
    private readonly errors: FieldError[],
    private readonly record: Record<string, unknown>,
    private readonly path: string,
    known: readonly string[],
    private readonly defaults: object = {},
  ) {
    for (const key of Object.keys(record).filter((name) => !known.includes(name))) {
      this.fail(key, `is not a policy field; expected one of: ${known.join(', ')}`);
    }
  }

  /** Only an absent field takes the default; an explicit null is a mistake worth reporting. */
  value(key: string): unknown {
    const value = this.record[key];
    return value === undefined ? (this.defaults as Record<string, unknown>)[key] : value;
  }

  /** A missing section stands for all its defaults. */
  section(key: string, known: readonly string[]): Fields {
    const value = this.record[key];
    const defaults = (this.defaults as Record<string, object | undefined>)[key];
    if (value !== undefined && !isRecord(value)) {
      this.fail(key, 'must be an object');
    }
    return new Fields(this.errors, isRecord(value) ? value : {}, this.at(key), known, defaults);
  }

  oneOf<T extends string>(key: string, allowed: readonly [T, ...T[]]): T {
    const value = this.value(key);
    return (
      allowed.find((option) => option === value) ?? this.fail(key, `must be one of: ${allowed.join(', ')}`, allowed[0])
    );
  }

  boolean(key: string): boolean {
    const value = this.value(key);
    return typeof value === 'boolean' ? value : this.fail(key, 'must be true or false', false);
  }

  integer(key: string, min: number, max: number, message = `must be a whole number from ${min} to ${max}`): number {
    const value = this.value(key);
    const valid = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
    return valid ? value : this.fail(key, message, min);
  }

  string(key: string, pattern: RegExp, description: string): string {
    const value = this.value(key);
    return typeof value === 'string' && pattern.test(value) ? value : this.fail(key, `must be ${description}`, '');
  }

  duration(key: string, minMs: number): { text: string; ms: number } {
    const value = this.value(key);
    const parsed = typeof value === 'string' ? parseDuration(value) : { ok: false as const, message: DURATION_HINT };
    if (!parsed.ok) {
      return this.fail(key, parsed.message, { text: '', ms: 0 });
    }
    if (parsed.ms < minMs || parsed.ms > MAX_POLICY_DURATION_MS) {
      const least = minMs > 0 ? 'longer than zero' : 'zero or more';
      return this.fail(key, `must be ${least} and at most P3650D (ten years)`, { text: '', ms: 0 });
    }
    return { text: value as string, ms: parsed.ms };
  }

  private at(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  private fail<T>(key: string, message: string, placeholder?: T): T {
    this.errors.push({ field: this.at(key), message });
    return placeholder as T;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
