import fc from 'fast-check';
import type { BounceReason } from './classification';
import { BOUNCE_REASONS } from './classification';
import type { Policy, PolicyDocument } from './policy';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';
import type { FieldError, PolicyResult } from './policy-parser';
import { DEFAULT_POLICY_DOCUMENT, defaultPolicy, parsePolicy } from './policy-parser';
import { reasonCountsAgainstRecipient, RECEIVING_SYSTEM_REASONS, SENDER_SIDE_REASONS } from './sender-side-reasons';

const DAY = 24 * 60 * 60 * 1000;

/** A fresh copy of the defaults with the field at a JSON path (`overrides[0].class`) replaced, or removed if undefined. */
function documentWith(field: string, value: unknown): unknown {
  const path = field.replace(/\[(\d+)\]/g, '.$1').split('.');
  const document: unknown = structuredClone(DEFAULT_POLICY_DOCUMENT);
  const parent = path.slice(0, -1).reduce((node, key) => (node as Record<string, unknown>)[key], document);
  const key = path[path.length - 1] ?? '';
  if (value === undefined) {
    delete (parent as Record<string, unknown>)[key];
  } else {
    (parent as Record<string, unknown>)[key] = value;
  }
  return document;
}

function errorsOf(result: PolicyResult): FieldError[] {
  return result.ok ? [] : result.errors;
}

function parsed(input: unknown): Policy {
  const result = parsePolicy(input);
  if (!result.ok) {
    throw new Error(`expected a valid policy, got ${JSON.stringify(result.errors)}`);
  }
  return result.policy;
}

describe('the default policy', () => {
  it('is the document written in the design', () => {
    const design = `{ "version": "default-1",
      "hardBounce":   { "action": "suppress" },
      "softBounce":   { "limit": 3, "window": "P7D", "quarantineAt": 2, "quarantineFor": "PT24H" },
      "undetermined": "count_as_soft",
      "restoreOnDelivery": true,
      "deliveryHeartbeat": "PT24H",
      "overrides": [ { "match": { "enhancedStatus": "5.2.2", "text": "mailbox (is )?full|over ?quota" },
                       "class": "soft", "reason": "mailbox_full" } ] }`;
    expect(DEFAULT_POLICY_DOCUMENT).toEqual(JSON.parse(design));
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY_DOCUMENT)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY_DOCUMENT.softBounce)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY_DOCUMENT.overrides[0]?.match)).toBe(true);
  });

  it('compiles to milliseconds, flags and case-insensitive patterns', () => {
    const policy = defaultPolicy();
    expect(policy).toEqual({
      version: 'default-1',
      document: DEFAULT_POLICY_DOCUMENT,
      hardBounceSuppresses: true,
      softBounceLimit: 3,
      softBounceWindowMs: 7 * DAY,
      quarantineAt: 2,
      quarantineForMs: DAY,
      undetermined: 'count_as_soft',
      restoreOnDelivery: true,
      deliveryHeartbeatMs: DAY,
      overrides: [
        {
          match: { enhancedStatus: '5.2.2', text: /mailbox (is )?full|over ?quota/i },
          class: 'soft',
          reason: 'mailbox_full',
          countsAgainstRecipient: true,
        },
      ],
    });
    expect(policy.overrides[0]?.match.text?.test('552 5.2.2 MAILBOX FULL')).toBe(true);
  });

  it('hands out a fresh document each time, so one caller cannot change another one', () => {
    const first = defaultPolicy();
    first.document.softBounce.limit = 99;
    expect(defaultPolicy().document.softBounce.limit).toBe(3);
  });
});

describe('parsePolicy', () => {
  describe('fills in what is left out', () => {
    it('takes every section from the defaults when only a version is given', () => {
      const policy = parsed({ version: 'minimal' });
      expect(policy).toEqual({
        ...defaultPolicy(),
        version: 'minimal',
        document: { ...DEFAULT_POLICY_DOCUMENT, version: 'minimal' },
      });
    });

    it('takes the missing fields of a section from the defaults', () => {
      const policy = parsed({ version: 'v2', softBounce: { limit: 5 } });
      expect(policy.document.softBounce).toEqual({ limit: 5, window: 'P7D', quarantineAt: 2, quarantineFor: 'PT24H' });
      expect(policy.softBounceWindowMs).toBe(7 * DAY);
    });

    it('keeps an explicitly empty override list empty', () => {
      expect(parsed({ version: 'v2', overrides: [] }).overrides).toEqual([]);
    });
  });

  describe('accepts', () => {
    it.each<[string, string, unknown, (policy: Policy) => unknown, unknown]>([
      ['hard bounces ignored', 'hardBounce.action', 'ignore', (p) => p.hardBounceSuppresses, false],
      ['quarantine off: quarantineAt equal to the limit', 'softBounce.quarantineAt', 3, (p) => p.quarantineAt, 3],
      ['the largest soft-bounce limit', 'softBounce.limit', 100, (p) => p.softBounceLimit, MAX_SOFT_BOUNCE_LIMIT],
      ['a window in weeks', 'softBounce.window', 'P2W', (p) => p.softBounceWindowMs, 14 * DAY],
      ['a zero heartbeat, recording every delivery', 'deliveryHeartbeat', 'P0D', (p) => p.deliveryHeartbeatMs, 0],
      ['undetermined bounces ignored', 'undetermined', 'ignore', (p) => p.undetermined, 'ignore'],
      ['restoration on delivery switched off', 'restoreOnDelivery', false, (p) => p.restoreOnDelivery, false],
      ['a version of 64 characters', 'version', 'v'.repeat(64), (p) => p.version, 'v'.repeat(64)],
    ])('%s', (_case, field, value, read, expected) => {
      expect(read(parsed(documentWith(field, value)))).toEqual(expected);
    });
  });

  describe('rejects, naming the field', () => {
    const status = 'overrides[0].match.enhancedStatus';
    it.each<[string, string, unknown, RegExp]>([
      ['a missing version', 'version', undefined, /non-blank name/],
      ['a blank version', 'version', '   ', /non-blank name/],
      ['a version over 64 characters', 'version', 'v'.repeat(65), /at most 64 characters/],
      ['an unknown top-level field', 'colour', 'red', /not a policy field; expected one of: version,/],
      ['a hardBounce that is not an object', 'hardBounce', 'suppress', /must be an object/],
      ['an unknown hard-bounce action', 'hardBounce.action', 'quarantine', /one of: suppress, ignore/],
      ['an unknown softBounce field', 'softBounce.threshold', 3, /not a policy field/],
      ['a limit of zero', 'softBounce.limit', 0, /whole number from 1 to 100/],
      ['a limit over the maximum', 'softBounce.limit', 101, /whole number from 1 to 100/],
      ['a fractional limit', 'softBounce.limit', 2.5, /whole number/],
      ['a limit written as a string', 'softBounce.limit', '3', /whole number/],
      ['a quarantine threshold above the limit', 'softBounce.quarantineAt', 4, /1 to the limit \(3\)/],
      ['a quarantine threshold of zero', 'softBounce.quarantineAt', 0, /1 to the limit/],
      ['a window of zero', 'softBounce.window', 'P0D', /longer than zero/],
      ['a window in months', 'softBounce.window', 'P1M', /years and months/],
      ['a window longer than ten years', 'softBounce.window', 'P3651D', /at most P3650D/],
      ['a window given as a number', 'softBounce.window', 604800, /ISO-8601 duration/],
      ['a quarantine period of zero', 'softBounce.quarantineFor', 'PT0S', /longer than zero/],
      ['a malformed heartbeat', 'deliveryHeartbeat', '24h', /ISO-8601 duration/],
      ['an unknown undetermined handling', 'undetermined', 'count_as_hard', /count_as_soft, ignore/],
      ['restoreOnDelivery as a string', 'restoreOnDelivery', 'yes', /true or false/],
      ['a null standing in for a default', 'restoreOnDelivery', null, /true or false/],
      ['overrides that are not an array', 'overrides', {}, /must be an array/],
      ['more than 200 overrides', 'overrides', Array(201).fill(DEFAULT_POLICY_DOCUMENT.overrides[0]), /at most 200/],
      ['an override that is not an object', 'overrides[0]', 'soft', /match, class and reason/],
      ['an override without a match', 'overrides[0].match', undefined, /must be an object naming/],
      ['an empty match', 'overrides[0].match', {}, /at least one of: enhancedStatus, replyCode, text, provider/],
      ['an unknown match field', 'overrides[0].match.domain', 'x', /not a policy field/],
      ['an enhanced status without a detail', status, '5.2', /RFC 3463 enhanced status code/],
      ['an enhanced status with a long subject', status, '5.1234.1', /RFC 3463 enhanced status code/],
      ['a reply code below 200', 'overrides[0].match.replyCode', 199, /200 to 599/],
      ['a reply code above 599', 'overrides[0].match.replyCode', 600, /200 to 599/],
      ['an invalid regular expression', 'overrides[0].match.text', 'full((', /not a valid regular expression/],
      ['an empty text pattern', 'overrides[0].match.text', '', /1 to 500 characters/],
      ['a text pattern over 500 characters', 'overrides[0].match.text', 'a'.repeat(501), /1 to 500 characters/],
      ['a provider name with a space', 'overrides[0].match.provider', 'amazon ses', /provider name/],
      ['an unknown class', 'overrides[0].class', 'permanent', /hard, soft, undetermined/],
      ['an unknown reason', 'overrides[0].reason', 'full', /mailbox_unknown/],
      ['countsAgainstRecipient as a string', 'overrides[0].countsAgainstRecipient', 'no', /true or false/],
      ['an unknown override field', 'overrides[0].priority', 1, /not a policy field/],
    ])('%s', (_case, field, value, message) => {
      const errors = errorsOf(parsePolicy(documentWith(field, value)));
      expect(errors).toEqual([{ field, message: expect.stringMatching(message) }]);
    });

    it.each([[null], [[]], ['{"version":"v"}'], [42]])('a policy that is not an object (%j), at the root', (input) => {
      expect(errorsOf(parsePolicy(input))).toEqual([{ field: '$', message: 'the policy must be a JSON object' }]);
    });

    it('reports the index of the bad override', () => {
      const broken = { match: { replyCode: 550, text: '[' }, class: 'hard', reason: 'mailbox_unknown' };
      const document = documentWith('overrides', [DEFAULT_POLICY_DOCUMENT.overrides[0], broken]);
      expect(errorsOf(parsePolicy(document)).map((error) => error.field)).toEqual(['overrides[1].match.text']);
    });

    it('checks the quarantine threshold against the maximum when the limit itself is invalid', () => {
      const errors = errorsOf(parsePolicy({ version: 'v', softBounce: { limit: 0, quarantineAt: 101 } }));
      expect(errors.map((error) => error.field)).toEqual(['softBounce.limit', 'softBounce.quarantineAt']);
      expect(errors[1]?.message).toMatch(/1 to 100/);
    });
  });

  it('collects every problem in one pass', () => {
    const errors = errorsOf(
      parsePolicy({
        version: '',
        extra: true,
        hardBounce: { action: 'drop' },
        softBounce: { limit: 3, window: 'P1Y', quarantineAt: 9, quarantineFor: 'soon' },
        undetermined: 'maybe',
        restoreOnDelivery: 1,
        deliveryHeartbeat: '-PT1H',
        overrides: [{ match: { replyCode: 42, text: '(' }, class: 'x', reason: 'y', countsAgainstRecipient: 0 }],
      }),
    );
    const override = ['match.replyCode', 'match.text', 'class', 'reason', 'countsAgainstRecipient'];
    expect(errors.map((error) => error.field).sort()).toEqual(
      [
        ...['extra', 'version', 'hardBounce.action', 'undetermined', 'restoreOnDelivery', 'deliveryHeartbeat'],
        ...['softBounce.window', 'softBounce.quarantineAt', 'softBounce.quarantineFor'],
        ...override.map((field) => `overrides[0].${field}`),
      ].sort(),
    );
  });

  describe('overrides', () => {
    const override = (extra: Record<string, unknown>) =>
      parsed({ version: 'v', overrides: [{ match: { replyCode: 550 }, class: 'soft', ...extra }] }).overrides[0];

    const countsByDefault = (reason: BounceReason) =>
      !SENDER_SIDE_REASONS.has(reason) && !RECEIVING_SYSTEM_REASONS.has(reason);
    it.each(BOUNCE_REASONS.map((reason) => [reason, countsByDefault(reason)] as const))(
      'count a %s bounce against the recipient: %s, unless told otherwise',
      (reason, counts) => {
        expect(override({ reason })?.countsAgainstRecipient).toBe(counts);
        expect(override({ reason, countsAgainstRecipient: !counts })?.countsAgainstRecipient).toBe(!counts);
      },
    );

    it('keep the document as written, without filling in countsAgainstRecipient', () => {
      const match = { enhancedStatus: '4.7.1', replyCode: 421, text: 'try again', provider: 'microsoft' };
      const written = { match, class: 'soft', reason: 'reputation_block' };
      expect(parsed({ version: 'v', overrides: [written] }).document.overrides).toEqual([written]);
    });

    it('compile the text pattern case-insensitively and keep the other match fields', () => {
      const compiled = parsed({
        version: 'v',
        overrides: [{ match: { text: 'Over Quota', provider: 'gmail' }, class: 'soft', reason: 'mailbox_full' }],
      }).overrides[0];
      expect(compiled?.match).toEqual({ text: /Over Quota/i, provider: 'gmail' });
      expect(compiled?.match.text?.test('452 4.2.2 the user is OVER QUOTA')).toBe(true);
    });
  });
});

describe('sender-side reasons', () => {
  it('are exactly the problems on our side of the conversation', () => {
    expect([...SENDER_SIDE_REASONS].sort()).toEqual(
      [
        ...['authentication_failed', 'content_rejected', 'greylisted', 'message_too_large'],
        ...['policy_rejection', 'rate_limited', 'reputation_block', 'sender_quota_exceeded'],
      ].sort(),
    );
    expect(reasonCountsAgainstRecipient('reputation_block')).toBe(false);
    expect(reasonCountsAgainstRecipient('mailbox_unknown')).toBe(true);
  });
});

describe('parsePolicy as properties', () => {
  const validDocument: fc.Arbitrary<PolicyDocument> = fc
    .record({
      limit: fc.integer({ min: 1, max: MAX_SOFT_BOUNCE_LIMIT }),
      below: fc.nat(MAX_SOFT_BOUNCE_LIMIT),
      windowHours: fc.integer({ min: 1, max: 24 * 365 }),
      quarantineMinutes: fc.integer({ min: 1, max: 60 * 24 * 30 }),
      heartbeatSeconds: fc.nat(7 * 24 * 3600),
      version: fc.string({ minLength: 1, maxLength: 64 }).filter((text) => text.trim() !== ''),
      overrides: fc.array(
        fc.record({
          match: fc.record({ replyCode: fc.integer({ min: 200, max: 599 }) }),
          class: fc.constantFrom('hard' as const, 'soft' as const, 'undetermined' as const),
          reason: fc.constantFrom(...BOUNCE_REASONS),
        }),
        { maxLength: 5 },
      ),
    })
    .map((p) => ({
      ...structuredClone(DEFAULT_POLICY_DOCUMENT),
      version: p.version,
      softBounce: {
        limit: p.limit,
        window: `PT${p.windowHours}H`,
        quarantineAt: Math.max(1, p.limit - p.below),
        quarantineFor: `PT${p.quarantineMinutes}M`,
      },
      deliveryHeartbeat: `PT${p.heartbeatSeconds}S`,
      overrides: p.overrides,
    }));

  it('accepts every well-formed document and compiles its numbers faithfully', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const policy = parsed(document);
        expect(policy.document).toEqual(document);
        expect(policy.softBounceWindowMs).toBe(Number(document.softBounce.window.slice(2, -1)) * 60 * 60 * 1000);
        expect(policy.quarantineAt).toBeLessThanOrEqual(policy.softBounceLimit);
        expect(policy.overrides).toHaveLength(document.overrides.length);
      }),
    );
  });

  it('parses its own compiled document to the same policy', () => {
    fc.assert(
      fc.property(validDocument, (document) => {
        const policy = parsed(document);
        expect(parsed(policy.document)).toEqual(policy);
      }),
    );
  });

  it('names any unknown top-level field and nothing else', () => {
    const known = Object.keys(DEFAULT_POLICY_DOCUMENT);
    const unknownKey = fc.string({ minLength: 1 }).filter((key) => !known.includes(key) && key !== '__proto__');
    fc.assert(
      fc.property(validDocument, unknownKey, fc.jsonValue(), (document, key, value) => {
        expect(errorsOf(parsePolicy({ ...document, [key]: value })).map((error) => error.field)).toEqual([key]);
      }),
    );
  });
});
