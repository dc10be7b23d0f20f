import type { RecipientEvent } from './events';
import { parsePolicy } from './policy-parser';
import { replayRecipient } from './policy-simulator';
import type { RecordComplaint, RecordCorrection, RecordUnsubscribe } from './recipient-commands';
import type { Decision } from './recipient.decider';
import { MAX_EVIDENCE_LENGTH } from './recipient.decider';
import { statusAt } from './recipient-status';
import {
  ADDRESS,
  RecipientSpec,
  decisionTypes,
  delivery,
  hardBounce,
  manualSuppression,
  revert,
  softBounce,
} from './testing/decider-spec';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-01T11:00:00.000Z';
const T2 = '2026-03-01T12:00:00.000Z';
const T3 = '2026-03-01T13:00:00.000Z';
const T4 = '2026-03-01T14:00:00.000Z';

function complaint(occurredAt: string, extra: Partial<RecordComplaint> = {}): RecordComplaint {
  return { type: 'RecordComplaint', address: ADDRESS, occurredAt, source: 'ses', feedbackType: 'abuse', ...extra };
}

function unsubscribe(occurredAt: string, extra: Partial<RecordUnsubscribe> = {}): RecordUnsubscribe {
  return { type: 'RecordUnsubscribe', address: ADDRESS, occurredAt, source: 'sendgrid', method: 'one_click', ...extra };
}

function correction(extra: Partial<RecordCorrection> = {}): RecordCorrection {
  return { type: 'RecordCorrection', address: ADDRESS, by: 'support@company.test', ...extra };
}

function fact(decision: Decision): RecipientEvent | undefined {
  return decision.outcome === 'recorded' ? decision.events[0] : undefined;
}

function explanations(decision: Decision): string[] {
  return decision.outcome === 'recorded' ? decision.decisions.map((event) => event.data.explanation) : [];
}

describe('complaints', () => {
  it('records the complaint with an id derived from what identifies it and suppresses with cause complaint', () => {
    const spec = new RecipientSpec();
    const decision = spec.when(T1, complaint(T0, { messageId: 'm-1', evidence: 'Feedback-Type: abuse' }));
    expect(fact(decision)).toStrictEqual({
      type: 'ComplaintReceived',
      eventId: uuidV5(['ComplaintReceived', ADDRESS, T0, 'ses', 'm-1'].join('|'), RECIPIENT_STATE_NAMESPACE),
      recordedAt: T1,
      data: {
        address: ADDRESS,
        occurredAt: T0,
        source: 'ses',
        messageId: 'm-1',
        feedbackType: 'abuse',
        evidence: 'Feedback-Type: abuse',
      },
    });
    expect(explanations(decision)).toEqual(['Suppressed: the recipient complained (abuse) via ses.']);
    expect(spec.statusAt(T1)).toMatchObject({ status: 'suppressed', cause: 'complaint', reason: 'abuse' });
  });

  it('names no feedback type it was not given', () => {
    const spec = new RecipientSpec();
    const decision = spec.when(T1, complaint(T0, { feedbackType: undefined, source: undefined }));
    expect(explanations(decision)).toEqual(['Suppressed: the recipient complained.']);
    expect(spec.statusAt(T1)).toMatchObject({ cause: 'complaint', reason: 'complaint' });
  });

  it('answers the same complaint again as a duplicate, and the same id with another payload as a conflict', () => {
    const spec = new RecipientSpec().given([T1, complaint(T0, { eventId: 'c-1' })]);
    expect(spec.when(T2, complaint(T0, { eventId: 'c-1' }))).toEqual({ outcome: 'duplicate', eventId: 'c-1' });
    expect(spec.when(T2, complaint(T0, { eventId: 'c-1', feedbackType: 'fraud' }))).toMatchObject({
      outcome: 'rejected',
      code: 'conflict',
      field: 'eventId',
    });
  });

  it('rejects a complaint from the future and evidence beyond the bound, naming the field', () => {
    const spec = new RecipientSpec();
    expect(spec.when(T0, complaint(T1))).toMatchObject({ outcome: 'rejected', code: 'invalid', field: 'occurredAt' });
    const long = 'x'.repeat(MAX_EVIDENCE_LENGTH + 1);
    expect(spec.when(T1, complaint(T0, { evidence: long }))).toMatchObject({
      outcome: 'rejected',
      code: 'invalid',
      field: 'evidence',
      message: `evidence is longer than ${MAX_EVIDENCE_LENGTH} characters`,
    });
    expect(spec.when(T1, complaint(T0, { evidence: long.slice(1) })).outcome).toBe('recorded');
  });

  it('is never lifted by a delivery, even over a soft-bounce limit a delivery would lift', () => {
    const spec = new RecipientSpec().given(
      [T0, softBounce(T0)],
      ['2026-03-01T10:10:00Z', softBounce('2026-03-01T10:10:00Z')],
      ['2026-03-01T10:20:00Z', softBounce('2026-03-01T10:20:00Z')],
    );
    expect(spec.statusAt(T1)).toMatchObject({ cause: 'soft_bounce_limit' });
    spec.given([T1, complaint(T1)]);
    expect(decisionTypes(spec.when(T2, delivery(T2)))).toEqual([]);
    expect(spec.statusAt(T2)).toMatchObject({ status: 'suppressed', cause: 'complaint' });
  });

  it('keeps standing when a hard bounce or a soft-bounce limit arrives after it', () => {
    const spec = new RecipientSpec().given([T0, complaint(T0)]);
    expect(decisionTypes(spec.when(T1, hardBounce(T1)))).toEqual([]);
    spec.given(
      [T2, softBounce(T2)],
      ['2026-03-01T12:10:00Z', softBounce('2026-03-01T12:10:00Z')],
      ['2026-03-01T12:20:00Z', softBounce('2026-03-01T12:20:00Z')],
    );
    expect(spec.decisions().map((event) => event.type)).toEqual(['RecipientSuppressed']);
    expect(spec.statusAt(T3)).toMatchObject({ cause: 'complaint' });
  });

  it('is not lifted by a correction that does not say so', () => {
    const spec = new RecipientSpec().given([T0, complaint(T0)]);
    const decision = spec.when(T1, correction({ liftComplaint: false }));
    expect(decisionTypes(decision)).toEqual([]);
    expect(fact(decision)?.data).not.toHaveProperty('liftComplaint');
    expect(spec.statusAt(T1)).toMatchObject({ status: 'suppressed', cause: 'complaint' });
  });

  it('is lifted by a correction with an explicit override, which the fact keeps and the restoration names', () => {
    const spec = new RecipientSpec().given([T0, complaint(T0)]);
    const decision = spec.when(T1, correction({ liftComplaint: true, note: 'confirmed by phone' }));
    expect(fact(decision)?.data).toMatchObject({ liftComplaint: true });
    expect(explanations(decision)).toEqual([
      'Restored after an address correction by support@company.test, which lifted the complaint by explicit ' +
        'override: the suppression (complaint: abuse) no longer applies.',
    ]);
    expect(spec.statusAt(T1)).toMatchObject({ status: 'deliverable', restored: true });
  });

  it('comes back exactly when the restoration that lifted it is reverted', () => {
    const spec = new RecipientSpec().given([T0, complaint(T0)]);
    const before = spec.state.standing;
    spec.given([T1, correction({ liftComplaint: true })]);
    const restorationId = spec.state.restoration?.restorationId;
    expect(restorationId).toBeDefined();
    spec.given([T2, revert(restorationId ?? '')]);
    expect(spec.state.standing).toStrictEqual(before);
  });
});

describe('unsubscribes', () => {
  it('suppresses with cause unsubscribed when the recipient left every list', () => {
    const spec = new RecipientSpec();
    const decision = spec.when(T1, unsubscribe(T0, { messageId: 'm-2' }));
    expect(fact(decision)).toStrictEqual({
      type: 'UnsubscribeReceived',
      eventId: uuidV5(['UnsubscribeReceived', ADDRESS, T0, 'sendgrid', 'm-2', ''].join('|'), RECIPIENT_STATE_NAMESPACE),
      recordedAt: T1,
      data: { address: ADDRESS, occurredAt: T0, source: 'sendgrid', messageId: 'm-2', method: 'one_click' },
    });
    expect(explanations(decision)).toEqual([
      'Suppressed: the recipient unsubscribed from every list (RFC 8058 one-click) via sendgrid.',
    ]);
    expect(spec.statusAt(T1)).toMatchObject({ status: 'suppressed', cause: 'unsubscribed', reason: 'one_click' });
  });

  it('records an unsubscribe from one list without suppressing the address', () => {
    const spec = new RecipientSpec();
    const decision = spec.when(T1, unsubscribe(T0, { list: 'newsletter', method: 'link' }));
    expect(fact(decision)?.data).toMatchObject({ list: 'newsletter', method: 'link' });
    expect(decisionTypes(decision)).toEqual([]);
    expect(spec.statusAt(T1)).toMatchObject({ status: 'deliverable', suppressed: false });
  });

  it('tells unsubscribes from two lists at the same moment apart', () => {
    const spec = new RecipientSpec().given([T1, unsubscribe(T0, { list: 'news' })]);
    expect(spec.when(T1, unsubscribe(T0, { list: 'offers' })).outcome).toBe('recorded');
  });

  it('is never lifted by a delivery, and is lifted by a correction (a re-confirmed opt-in)', () => {
    const spec = new RecipientSpec().given([T0, unsubscribe(T0)]);
    expect(decisionTypes(spec.when(T1, delivery(T1)))).toEqual([]);
    expect(spec.statusAt(T1)).toMatchObject({ cause: 'unsubscribed' });
    expect(decisionTypes(spec.when(T2, correction()))).toEqual(['RecipientRestored']);
    expect(spec.statusAt(T2)).toMatchObject({ status: 'deliverable', restored: true });
  });

  it('rejects evidence beyond the bound, naming the field', () => {
    const spec = new RecipientSpec();
    expect(spec.when(T1, unsubscribe(T0, { evidence: 'x'.repeat(MAX_EVIDENCE_LENGTH + 1) }))).toMatchObject({
      outcome: 'rejected',
      field: 'evidence',
    });
  });
});

describe('which cause stands', () => {
  it('replaces a weaker cause with a stronger one: bounce causes, then manual, then unsubscribed, then complaint', () => {
    const spec = new RecipientSpec().given([T0, hardBounce(T0)]);
    spec.given([T1, manualSuppression()]);
    expect(spec.statusAt(T1)).toMatchObject({ cause: 'manual' });
    spec.given([T2, unsubscribe(T2)]);
    expect(spec.statusAt(T2)).toMatchObject({ cause: 'unsubscribed' });
    spec.given([T3, complaint(T3)]);
    expect(spec.statusAt(T3)).toMatchObject({ cause: 'complaint' });
  });

  it('never replaces a complaint with an unsubscribe, an operator suppression or an import', () => {
    const spec = new RecipientSpec().given([T0, complaint(T0)]);
    expect(decisionTypes(spec.when(T1, unsubscribe(T1)))).toEqual([]);
    expect(decisionTypes(spec.when(T2, manualSuppression()))).toEqual([]);
    const imported = { type: 'SuppressManually', address: ADDRESS, by: 'import', cause: 'imported' } as const;
    expect(decisionTypes(spec.when(T3, { ...imported, occurredAt: T3, reason: 'bounce' }))).toEqual([]);
    expect(spec.statusAt(T4)).toMatchObject({ cause: 'complaint' });
  });

  it('keeps an unsubscribe over a later operator suppression', () => {
    const spec = new RecipientSpec().given([T0, unsubscribe(T0)]);
    expect(decisionTypes(spec.when(T1, manualSuppression()))).toEqual([]);
  });
});

describe('replaying complaints and unsubscribes', () => {
  it('reproduces their decisions under any policy: they do not depend on it', () => {
    const spec = new RecipientSpec().given(
      [T0, hardBounce(T0)],
      [T1, complaint(T1)],
      [T2, unsubscribe(T2, { list: 'news' })],
      [T3, correction()],
    );
    const lenient = parsePolicy({ version: 'lenient-1', hardBounce: { action: 'ignore' } });
    if (!lenient.ok) {
      throw new Error('the lenient policy must parse');
    }
    for (const policy of [spec.policy, lenient.policy]) {
      const replayed = replayRecipient(spec.events, policy);
      expect(statusAt(replayed, policy, Date.parse(T4))).toMatchObject({ status: 'suppressed', cause: 'complaint' });
    }
  });
});
