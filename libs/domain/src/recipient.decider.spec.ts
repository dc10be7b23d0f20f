import { parsePolicy, DEFAULT_POLICY_DOCUMENT } from './policy-parser';
import type { Policy, PolicyDocument } from './policy';
import { MAX_SOFT_BOUNCE_LIMIT } from './policy';
import { foldRecipient } from './recipient-state';
import {
  ADDRESS,
  bounce,
  correction,
  decisionTypes,
  delivery,
  hardBounce,
  manualSuppression,
  RATE_LIMITED,
  RecipientSpec,
  REPUTATION_BLOCK,
  revert,
  softBounce,
} from './testing/decider-spec';

function policyWith(change: (document: PolicyDocument) => void): Policy {
  const document = structuredClone(DEFAULT_POLICY_DOCUMENT) as PolicyDocument;
  change(document);
  const result = parsePolicy(document);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.policy;
}

function restorationIdOf(spec: RecipientSpec): string {
  const restored = spec.decisions().find((event) => event.type === 'RecipientRestored');
  if (restored?.type !== 'RecipientRestored') {
    throw new Error('no restoration recorded');
  }
  return restored.data.restorationId;
}

describe('the recipient decider', () => {
  describe('on a hard bounce that counts against the recipient', () => {
    it('suppresses at once, citing the bounce and the policy', () => {
      const spec = new RecipientSpec();
      const decision = spec.when('2026-03-01T10:00:00Z', hardBounce('2026-03-01T09:59:00Z'));
      expect(decision.outcome).toBe('recorded');
      expect(decisionTypes(decision)).toEqual(['RecipientSuppressed']);
      const [suppressed] = spec.decisions();
      expect(suppressed?.data).toMatchObject({
        cause: 'hard_bounce',
        reason: 'mailbox_unknown',
        evidence: [decision.outcome === 'recorded' ? decision.eventId : ''],
        policyVersion: 'default-1',
      });
      expect(suppressed?.data.explanation).toMatch(/hard bounce/);
      expect(spec.statusAt('2026-03-02T00:00:00Z')).toMatchObject({ status: 'suppressed', suppressed: true });
    });

    it('does not suppress when the policy ignores hard bounces', () => {
      const spec = new RecipientSpec(policyWith((p) => (p.hardBounce.action = 'ignore')));
      expect(decisionTypes(spec.when('2026-03-01T10:00:00Z', hardBounce('2026-03-01T09:59:00Z')))).toEqual([]);
    });

    it('turns a soft-limit suppression into a hard-bounce one, so a delivery cannot lift it', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-02T10:00:00Z', softBounce('2026-03-02T10:00:00Z')],
        ['2026-03-03T10:00:00Z', softBounce('2026-03-03T10:00:00Z')],
        ['2026-03-04T10:00:00Z', hardBounce('2026-03-04T10:00:00Z')],
        ['2026-03-05T10:00:00Z', delivery('2026-03-05T10:00:00Z')],
      );
      expect(spec.statusAt('2026-03-05T11:00:00Z')).toMatchObject({ status: 'suppressed', cause: 'hard_bounce' });
    });
  });

  describe('on sender-side bounces', () => {
    it.each([
      ['a reputation block', REPUTATION_BLOCK],
      ['a rate limit', RATE_LIMITED],
    ])('never counts %s against the recipient', (_name, smtp) => {
      const spec = new RecipientSpec();
      for (let day = 1; day <= 6; day++) {
        const at = `2026-03-0${day}T10:00:00Z`;
        expect(decisionTypes(spec.when(at, bounce(at, smtp)))).toEqual([]);
      }
      expect(spec.statusAt('2026-03-06T11:00:00Z').status).toBe('deliverable');
    });
  });

  describe('after two soft bounces within the window', () => {
    const spec = () =>
      new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-02T10:00:00Z', softBounce('2026-03-02T10:00:00Z')],
      );

    it('quarantines until the newest bounce plus the quarantine period', () => {
      const [quarantined] = spec().decisions();
      expect(quarantined?.type).toBe('RecipientQuarantined');
      expect(quarantined?.data).toMatchObject({ until: '2026-03-03T10:00:00.000Z' });
    });

    it('reads as quarantined until expiry, then soft bouncing, then deliverable once the window passes', () => {
      const s = spec();
      expect(s.statusAt('2026-03-03T09:59:00Z')).toMatchObject({ status: 'quarantined', suppressed: true });
      expect(s.statusAt('2026-03-03T10:01:00Z')).toMatchObject({ status: 'soft_bouncing', suppressed: false });
      expect(s.statusAt('2026-03-09T10:01:00Z')).toMatchObject({ status: 'deliverable', suppressed: false });
    });

    it('records a quarantine that was already over when its last bounce arrived late, and says so', () => {
      const s = new RecipientSpec().given(['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')]);
      const decision = s.when('2026-03-04T10:00:00Z', softBounce('2026-03-02T10:00:00Z'));
      expect(decisionTypes(decision)).toEqual(['RecipientQuarantined']);
      const quarantined = s.decisions().at(-1);
      expect(quarantined?.data).toMatchObject({ until: '2026-03-03T10:00:00.000Z' });
      expect(quarantined?.data.explanation).toBe(
        'Would have been quarantined until 2026-03-03T10:00:00.000Z after 2 consecutive soft bounces within P7D, ' +
          'but that was already past when the latest of them was recorded at 2026-03-04T10:00:00.000Z; ' +
          'policy default-1 suppresses at 3.',
      );
      expect(s.statusAt('2026-03-04T10:00:00Z')).toMatchObject({ status: 'soft_bouncing', suppressed: false });
      expect(decisionTypes(s.when('2026-03-04T11:00:00Z', bounce('2026-03-04T11:00:00Z', RATE_LIMITED)))).toEqual([]);
    });

    it('lifts the quarantine when a delivery breaks the run', () => {
      const s = spec();
      expect(decisionTypes(s.when('2026-03-02T12:00:00Z', delivery('2026-03-02T11:00:00Z')))).toEqual([
        'QuarantineLifted',
      ]);
      expect(s.statusAt('2026-03-02T12:00:01Z').status).toBe('deliverable');
    });
  });

  describe('windowed consecutive soft bounces', () => {
    it('suppresses at the limit with every bounce of the run as evidence', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-02T10:00:00Z', softBounce('2026-03-02T10:00:00Z')],
      );
      const decision = spec.when('2026-03-03T10:00:00Z', softBounce('2026-03-03T10:00:00Z'));
      expect(decisionTypes(decision)).toEqual(['RecipientSuppressed']);
      const suppressed = spec.decisions().at(-1);
      expect(suppressed?.data).toMatchObject({ cause: 'soft_bounce_limit', reason: 'mailbox_full' });
      expect(suppressed?.type === 'RecipientSuppressed' && suppressed.data.evidence).toHaveLength(3);
    });

    it('does not accumulate bounces further apart than the window', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-09T10:00:00Z', softBounce('2026-03-09T10:00:00Z')],
        ['2026-03-17T10:00:00Z', softBounce('2026-03-17T10:00:00Z')],
      );
      expect(spec.decisions()).toEqual([]);
    });

    it('leaves out a bounce exactly one window before the newest, and keeps one a millisecond later', () => {
      const exactlyOneWindow = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-08T10:00:00Z', softBounce('2026-03-08T10:00:00Z')],
      );
      expect(exactlyOneWindow.decisions()).toEqual([]);
      const justInside = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00.001Z')],
        ['2026-03-08T10:00:00Z', softBounce('2026-03-08T10:00:00Z')],
      );
      expect(justInside.decisions().map((event) => event.type)).toEqual(['RecipientQuarantined']);
    });

    it('reads soft bouncing until exactly one window after the newest bounce, like the run does', () => {
      const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')]);
      expect(spec.statusAt('2026-03-08T09:59:59.999Z')).toMatchObject({
        status: 'soft_bouncing',
        until: '2026-03-08T10:00:00.000Z',
      });
      expect(spec.statusAt('2026-03-08T10:00:00Z').status).toBe('deliverable');
    });

    it('starts the run again after a delivery', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T11:00:00Z', softBounce('2026-03-01T11:00:00Z')],
        ['2026-03-01T12:00:00Z', delivery('2026-03-01T12:00:00Z')],
        ['2026-03-01T13:00:00Z', softBounce('2026-03-01T13:00:00Z')],
        ['2026-03-01T14:00:00Z', softBounce('2026-03-01T14:00:00Z')],
      );
      expect(spec.statusAt('2026-03-01T14:00:01Z').status).toBe('quarantined');
    });

    it('lets a delivery that arrives late break the run for the bounces that occurred before it', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T12:00:00Z', softBounce('2026-03-01T12:00:00Z')],
      );
      // Occurred between the two bounces, arrives after both: only the second bounce still counts.
      spec.when('2026-03-01T13:00:00Z', delivery('2026-03-01T11:00:00Z'));
      expect(decisionTypes(spec.when('2026-03-01T14:00:00Z', softBounce('2026-03-01T14:00:00Z')))).toEqual([
        'RecipientQuarantined',
      ]);
      expect(spec.statusAt('2026-03-01T14:00:01Z').status).toBe('quarantined');
    });

    it('never counts a bounce that arrives late but occurred before the latest delivery', () => {
      const spec = new RecipientSpec().given(['2026-03-05T10:00:00Z', delivery('2026-03-05T10:00:00Z')]);
      for (const day of ['01', '02', '03', '04']) {
        const decision = spec.when('2026-03-05T11:00:00Z', softBounce(`2026-03-${day}T10:00:00Z`));
        expect(decisionTypes(decision)).toEqual([]);
      }
      expect(spec.statusAt('2026-03-05T11:00:01Z').status).toBe('deliverable');
    });

    it('counts bounces by event time, whatever order they arrive in', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-03T10:00:00Z', softBounce('2026-03-03T09:00:00Z')],
        ['2026-03-03T10:01:00Z', softBounce('2026-03-01T09:00:00Z')],
      );
      const decision = spec.when('2026-03-03T10:02:00Z', softBounce('2026-03-02T09:00:00Z'));
      expect(decisionTypes(decision)).toEqual(['RecipientSuppressed']);
    });

    it('reaches the largest limit even when newer undetermined bounces, which the policy ignores, came in between', () => {
      const policy = policyWith((p) => {
        p.softBounce.limit = MAX_SOFT_BOUNCE_LIMIT;
        p.softBounce.quarantineAt = MAX_SOFT_BOUNCE_LIMIT;
        p.undetermined = 'ignore';
      });
      const minute = (n: number) => new Date(Date.parse('2026-03-01T00:00:00Z') + n * 60_000).toISOString();
      const spec = new RecipientSpec(policy);
      for (let n = 0; n < MAX_SOFT_BOUNCE_LIMIT - 1; n++) {
        spec.given([minute(n), softBounce(minute(n))]);
      }
      spec.given([minute(200), bounce(minute(200), { diagnostic: 'something went wrong' })]);
      const decision = spec.when(minute(201), softBounce(minute(150)));
      expect(decisionTypes(decision)).toEqual(['RecipientSuppressed']);
      const suppressed = spec.decisions().at(-1);
      expect(suppressed?.type === 'RecipientSuppressed' && suppressed.data.evidence).toHaveLength(
        MAX_SOFT_BOUNCE_LIMIT,
      );
    });

    it('counts undetermined bounces as soft by default and ignores them when the policy says so', () => {
      const undetermined = { diagnostic: 'something went wrong' };
      const counting = new RecipientSpec();
      const ignoring = new RecipientSpec(policyWith((p) => (p.undetermined = 'ignore')));
      for (const spec of [counting, ignoring]) {
        spec.given(
          ['2026-03-01T10:00:00Z', bounce('2026-03-01T10:00:00Z', undetermined)],
          ['2026-03-01T11:00:00Z', bounce('2026-03-01T11:00:00Z', undetermined)],
          ['2026-03-01T12:00:00Z', bounce('2026-03-01T12:00:00Z', undetermined)],
        );
      }
      expect(counting.statusAt('2026-03-01T12:00:01Z').status).toBe('suppressed');
      expect(ignoring.statusAt('2026-03-01T12:00:01Z').status).toBe('deliverable');
    });
  });

  describe('restore on delivery', () => {
    const suppressedBySoftLimit = (policy?: Policy) =>
      new RecipientSpec(policy).given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-02T10:00:00Z', softBounce('2026-03-02T10:00:00Z')],
        ['2026-03-03T10:00:00Z', softBounce('2026-03-03T10:00:00Z')],
      );

    it('restores a soft-limit suppression when a delivery brings the run below the limit', () => {
      const spec = suppressedBySoftLimit();
      const decision = spec.when('2026-03-04T10:00:00Z', delivery('2026-03-04T10:00:00Z'));
      expect(decisionTypes(decision)).toEqual(['RecipientRestored']);
      const restored = spec.decisions().at(-1);
      expect(restored?.data).toMatchObject({
        trigger: decision.outcome === 'recorded' ? decision.eventId : '',
        previous: { kind: 'suppressed', cause: 'soft_bounce_limit' },
      });
      expect(spec.statusAt('2026-03-04T10:00:01Z')).toMatchObject({ status: 'deliverable', restored: true });
    });

    it('restores even when the delivery arrives late, if it occurred inside the run', () => {
      const spec = suppressedBySoftLimit();
      expect(decisionTypes(spec.when('2026-03-04T10:00:00Z', delivery('2026-03-02T12:00:00Z')))).toEqual([
        'RecipientRestored',
      ]);
    });

    it('does not restore when the policy turns it off', () => {
      const spec = suppressedBySoftLimit(policyWith((p) => (p.restoreOnDelivery = false)));
      expect(decisionTypes(spec.when('2026-03-04T10:00:00Z', delivery('2026-03-04T10:00:00Z')))).toEqual([]);
      expect(spec.statusAt('2026-03-04T10:00:01Z').status).toBe('suppressed');
    });

    it.each([
      ['a hard bounce', hardBounce('2026-03-01T10:00:00Z')],
      ['a manual suppression', manualSuppression()],
    ])('never restores after %s', (_name, command) => {
      const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', command]);
      expect(decisionTypes(spec.when('2026-03-04T10:00:00Z', delivery('2026-03-04T10:00:00Z')))).toEqual([]);
      expect(spec.statusAt('2026-03-04T10:00:01Z').status).toBe('suppressed');
    });
  });

  describe('the delivery heartbeat', () => {
    it('records the first delivery and skips the next ones within the heartbeat', () => {
      const spec = new RecipientSpec();
      expect(spec.when('2026-03-01T10:00:00Z', delivery('2026-03-01T10:00:00Z', 'a')).outcome).toBe('recorded');
      expect(spec.when('2026-03-01T20:00:00Z', delivery('2026-03-01T20:00:00Z', 'b')).outcome).toBe('not_recorded');
    });

    it('records a delivery once the heartbeat has passed', () => {
      const spec = new RecipientSpec().given(['2026-03-01T10:00:00Z', delivery('2026-03-01T10:00:00Z', 'a')]);
      expect(spec.when('2026-03-02T10:00:00Z', delivery('2026-03-02T10:00:00Z', 'b')).outcome).toBe('recorded');
    });

    it('records a delivery after any bounce, even one that does not count', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', delivery('2026-03-01T10:00:00Z', 'a')],
        ['2026-03-01T11:00:00Z', bounce('2026-03-01T11:00:00Z', REPUTATION_BLOCK)],
      );
      expect(spec.when('2026-03-01T12:00:00Z', delivery('2026-03-01T12:00:00Z', 'b')).outcome).toBe('recorded');
    });
  });

  describe('corrections and reverts', () => {
    const hardSuppressed = () =>
      new RecipientSpec().given(['2026-03-01T10:00:00Z', hardBounce('2026-03-01T10:00:00Z')]);

    it('restores a hard-bounce suppression with a restoration id', () => {
      const spec = hardSuppressed();
      expect(decisionTypes(spec.when('2026-03-02T10:00:00Z', correction()))).toEqual(['RecipientRestored']);
      expect(restorationIdOf(spec)).toMatch(/^[0-9a-f-]{36}$/);
      expect(spec.statusAt('2026-03-02T10:00:01Z')).toMatchObject({ status: 'deliverable', restored: true });
    });

    it('lifts a quarantine in force', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T11:00:00Z', softBounce('2026-03-01T11:00:00Z')],
      );
      expect(decisionTypes(spec.when('2026-03-01T12:00:00Z', correction()))).toEqual(['RecipientRestored']);
      expect(spec.statusAt('2026-03-01T12:00:01Z').status).toBe('deliverable');
    });

    it('records a correction of a deliverable address without a decision', () => {
      expect(decisionTypes(new RecipientSpec().when('2026-03-01T10:00:00Z', correction()))).toEqual([]);
    });

    it('reverting returns the recipient to exactly the state before the restoration', () => {
      const spec = hardSuppressed();
      const before = spec.state.standing;
      spec.when('2026-03-02T10:00:00Z', correction());
      const id = restorationIdOf(spec);
      expect(spec.when('2026-03-02T11:00:00Z', revert(id)).outcome).toBe('recorded');
      expect(spec.state.standing).toEqual(before);
      expect(spec.statusAt('2026-03-02T11:00:01Z')).toMatchObject({ status: 'suppressed', restored: false });
    });

    it('reverting a correction that lifted a quarantine puts the quarantine back, until it ends', () => {
      const spec = new RecipientSpec().given(
        ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
        ['2026-03-01T11:00:00Z', softBounce('2026-03-01T11:00:00Z')],
      );
      const before = spec.state.standing;
      spec.when('2026-03-01T12:00:00Z', correction());
      expect(spec.when('2026-03-01T13:00:00Z', revert(restorationIdOf(spec))).outcome).toBe('recorded');
      expect(spec.state.standing).toEqual(before);
      expect(spec.statusAt('2026-03-02T10:59:59.999Z')).toMatchObject({
        status: 'quarantined',
        suppressed: true,
        restored: false,
        until: '2026-03-02T11:00:00.000Z',
      });
      expect(spec.statusAt('2026-03-02T11:00:00Z').status).toBe('deliverable');
    });

    it('answers a repeated revert as a duplicate and refuses another once reverted', () => {
      const spec = hardSuppressed();
      spec.when('2026-03-02T10:00:00Z', correction());
      const id = restorationIdOf(spec);
      spec.when('2026-03-02T11:00:00Z', revert(id));
      expect(spec.when('2026-03-02T11:05:00Z', revert(id)).outcome).toBe('duplicate');
      expect(spec.when('2026-03-02T11:06:00Z', { ...revert(id), eventId: 'another' })).toMatchObject({
        outcome: 'rejected',
        code: 'conflict',
      });
    });

    it('refuses an unknown restoration as not found', () => {
      expect(new RecipientSpec().when('2026-03-01T10:00:00Z', revert('nope'))).toMatchObject({
        outcome: 'rejected',
        code: 'not_found',
        field: 'restorationId',
      });
    });

    it('suppresses a restored address that bounces hard again, and the restoration can no longer be reverted', () => {
      const spec = hardSuppressed();
      spec.when('2026-03-02T10:00:00Z', correction());
      const id = restorationIdOf(spec);
      expect(decisionTypes(spec.when('2026-03-03T10:00:00Z', hardBounce('2026-03-03T10:00:00Z')))).toEqual([
        'RecipientSuppressed',
      ]);
      expect(spec.statusAt('2026-03-03T10:00:01Z')).toMatchObject({ status: 'suppressed', restored: false });
      expect(spec.when('2026-03-03T11:00:00Z', revert(id))).toMatchObject({ outcome: 'rejected', code: 'conflict' });
    });
  });

  describe('manual and imported suppressions', () => {
    it('suppresses by hand, and a correction lifts it', () => {
      const spec = new RecipientSpec();
      expect(decisionTypes(spec.when('2026-03-01T10:00:00Z', manualSuppression('ops', 'asked to stop')))).toEqual([
        'RecipientSuppressed',
      ]);
      expect(spec.statusAt('2026-03-01T10:00:01Z')).toMatchObject({ status: 'suppressed', cause: 'manual' });
      spec.when('2026-03-02T10:00:00Z', correction());
      expect(spec.statusAt('2026-03-02T10:00:01Z').status).toBe('deliverable');
    });

    it('keeps an imported suppression with its original reason and date', () => {
      const spec = new RecipientSpec();
      spec.when('2026-03-01T10:00:00Z', {
        type: 'SuppressManually',
        address: ADDRESS,
        by: 'import',
        cause: 'imported',
        reason: 'ses:BOUNCE',
        occurredAt: '2025-01-01T00:00:00Z',
      });
      expect(spec.statusAt('2026-03-01T10:00:01Z')).toMatchObject({ cause: 'imported', reason: 'ses:BOUNCE' });
      expect((spec.events[0]?.data as { occurredAt?: string }).occurredAt).toBe('2025-01-01T00:00:00.000Z');
    });
  });

  describe('idempotency', () => {
    it('answers the same webhook twice with no new events', () => {
      const spec = new RecipientSpec();
      const command = bounce('2026-03-01T09:00:00Z', { replyCode: 550, enhancedStatus: '5.1.1' }, { messageId: 'm-1' });
      const first = spec.when('2026-03-01T10:00:00Z', command);
      const second = spec.when('2026-03-01T10:05:00Z', command);
      expect(second).toEqual({ outcome: 'duplicate', eventId: first.outcome === 'recorded' ? first.eventId : '' });
      expect(spec.events).toHaveLength(2);
    });

    it('refuses the same event id with a different payload as a conflict', () => {
      const spec = new RecipientSpec().given([
        '2026-03-01T10:00:00Z',
        { ...softBounce('2026-03-01T09:00:00Z'), eventId: 'e-1' },
      ]);
      expect(
        spec.when('2026-03-01T10:01:00Z', { ...hardBounce('2026-03-01T09:00:00Z'), eventId: 'e-1' }),
      ).toMatchObject({
        outcome: 'rejected',
        code: 'conflict',
        field: 'eventId',
      });
    });
  });

  describe('bad input', () => {
    it('rejects an occurredAt more than the clock skew in the future, and accepts one within it', () => {
      const spec = new RecipientSpec();
      expect(spec.when('2026-03-01T10:00:00Z', softBounce('2026-03-01T10:06:00Z'))).toMatchObject({
        outcome: 'rejected',
        field: 'occurredAt',
      });
      expect(spec.when('2026-03-01T10:00:00Z', softBounce('2026-03-01T10:04:00Z')).outcome).toBe('recorded');
    });

    it('rejects an occurredAt that is not a date', () => {
      expect(new RecipientSpec().when('2026-03-01T10:00:00Z', softBounce('yesterday'))).toMatchObject({
        outcome: 'rejected',
        code: 'invalid',
        field: 'occurredAt',
      });
    });
  });

  it('rebuilds exactly the live state when the stream is folded again', () => {
    const spec = new RecipientSpec().given(
      ['2026-03-01T10:00:00Z', softBounce('2026-03-01T10:00:00Z')],
      ['2026-03-01T11:00:00Z', softBounce('2026-03-01T11:00:00Z')],
      ['2026-03-01T12:00:00Z', softBounce('2026-03-01T12:00:00Z')],
      ['2026-03-01T13:00:00Z', delivery('2026-03-01T13:00:00Z')],
    );
    expect(foldRecipient(spec.events)).toEqual(spec.state);
  });
});
