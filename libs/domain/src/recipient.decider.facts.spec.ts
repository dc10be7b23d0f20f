import { classifyBounce } from './bounce-classifier';
import type { RecipientEvent } from './events';
import { defaultPolicy } from './policy-parser';
import type { RecipientCommand } from './recipient-commands';
import type { Decision } from './recipient.decider';
import { decide } from './recipient.decider';
import type { RecipientState } from './recipient-state';
import { initialRecipientState } from './recipient-state';
import {
  ADDRESS,
  MAILBOX_FULL,
  RATE_LIMITED,
  RecipientSpec,
  bounce,
  correction,
  delivery,
  hardBounce,
  manualSuppression,
  revert,
  softBounce,
} from './testing/decider-spec';
import { RECIPIENT_STATE_NAMESPACE, uuidV5 } from './uuid';

const NOW = '2026-03-01T10:00:00.000Z';
const OVERRIDES = defaultPolicy().overrides;

function decideNow(command: RecipientCommand, maxClockSkewMs?: number, state?: RecipientState): Decision {
  return decide(command, state ?? initialRecipientState(), {
    policy: defaultPolicy(),
    now: Date.parse(NOW),
    seenFacts: new Map(),
    maxClockSkewMs,
  });
}

function recordedFact(decision: Decision): RecipientEvent | undefined {
  return decision.outcome === 'recorded' ? decision.events[0] : undefined;
}

/** The id a redelivered fact must get again: a change here would break idempotency across a deploy. */
function derivedId(...parts: string[]): string {
  return uuidV5(parts.join('|'), RECIPIENT_STATE_NAMESPACE);
}

describe('the facts the decider records', () => {
  it('records a bounce with its evidence, the classification and an id derived from what identifies it', () => {
    const providerVerdict = { provider: 'ses', type: 'Transient', subType: 'MailboxFull' };
    const decision = decideNow({
      type: 'RecordBounce',
      address: ADDRESS,
      occurredAt: '2026-03-01T09:59:00Z',
      messageId: 'm-1',
      source: 'ses',
      smtp: MAILBOX_FULL,
      providerVerdict,
      dsnStatus: '4.2.2',
    });
    expect(recordedFact(decision)).toStrictEqual({
      type: 'BounceReceived',
      eventId: derivedId('BounceReceived', ADDRESS, '2026-03-01T09:59:00.000Z', 'ses', 'm-1'),
      recordedAt: NOW,
      data: {
        address: ADDRESS,
        occurredAt: '2026-03-01T09:59:00.000Z',
        messageId: 'm-1',
        source: 'ses',
        smtp: MAILBOX_FULL,
        providerVerdict,
        dsnStatus: '4.2.2',
        classification: classifyBounce({ smtp: MAILBOX_FULL, providerVerdict, dsnStatus: '4.2.2' }, OVERRIDES),
      },
    });
  });

  it('leaves out what a bounce did not say, and derives its id with empty parts for them', () => {
    const decision = decideNow({ type: 'RecordBounce', address: ADDRESS, occurredAt: NOW, smtp: MAILBOX_FULL });
    expect(recordedFact(decision)).toStrictEqual({
      type: 'BounceReceived',
      eventId: derivedId('BounceReceived', ADDRESS, NOW, '', ''),
      recordedAt: NOW,
      data: {
        address: ADDRESS,
        occurredAt: NOW,
        smtp: MAILBOX_FULL,
        classification: classifyBounce({ smtp: MAILBOX_FULL }, OVERRIDES),
      },
    });
  });

  it('keeps the caller’s event id when it gives one', () => {
    const decision = decideNow({ ...delivery(NOW), eventId: 'caller-1' });
    expect(decision).toMatchObject({ outcome: 'recorded', eventId: 'caller-1' });
    expect(recordedFact(decision)?.eventId).toBe('caller-1');
  });

  it('records a delivery with its source and message id', () => {
    const decision = decideNow(delivery('2026-03-01T09:00:00Z', 'm-2'));
    expect(recordedFact(decision)).toStrictEqual({
      type: 'DeliverySucceeded',
      eventId: derivedId('DeliverySucceeded', ADDRESS, '2026-03-01T09:00:00.000Z', 'mta', 'm-2'),
      recordedAt: NOW,
      data: { address: ADDRESS, occurredAt: '2026-03-01T09:00:00.000Z', messageId: 'm-2', source: 'mta' },
    });
  });

  it('records a correction as happening now unless it says when', () => {
    const now = decideNow(correction('ops@company.test', 'typo fixed'));
    expect(recordedFact(now)).toStrictEqual({
      type: 'AddressCorrected',
      eventId: derivedId('AddressCorrected', ADDRESS, NOW, 'ops@company.test'),
      recordedAt: NOW,
      data: { address: ADDRESS, occurredAt: NOW, by: 'ops@company.test', note: 'typo fixed' },
    });
    const earlier = decideNow({
      type: 'RecordCorrection',
      address: ADDRESS,
      by: 'ops@company.test',
      occurredAt: '2026-02-01T00:00:00Z',
      previousAddress: 'jane@exmaple.com',
    });
    expect(recordedFact(earlier)?.data).toStrictEqual({
      address: ADDRESS,
      occurredAt: '2026-02-01T00:00:00.000Z',
      by: 'ops@company.test',
      previousAddress: 'jane@exmaple.com',
    });
  });

  it('records a suppression request with who asked, the cause and the reason', () => {
    const decision = decideNow({
      type: 'SuppressManually',
      address: ADDRESS,
      by: 'import',
      cause: 'imported',
      reason: 'ses:BOUNCE',
      note: 'from SES',
      occurredAt: '2025-01-01T00:00:00Z',
    });
    expect(recordedFact(decision)).toStrictEqual({
      type: 'SuppressionRequested',
      eventId: derivedId('SuppressionRequested', ADDRESS, '2025-01-01T00:00:00.000Z', 'import', 'imported'),
      recordedAt: NOW,
      data: {
        address: ADDRESS,
        occurredAt: '2025-01-01T00:00:00.000Z',
        by: 'import',
        note: 'from SES',
        cause: 'imported',
        reason: 'ses:BOUNCE',
      },
    });
  });

  it('records a revert at the time it is asked for, with an id derived from the restoration', () => {
    const spec = new RecipientSpec().given(
      ['2026-03-01T08:00:00Z', hardBounce('2026-03-01T08:00:00Z')],
      ['2026-03-01T09:00:00Z', correction()],
    );
    const restored = spec.decisions().at(-1);
    const restorationId = restored?.type === 'RecipientRestored' ? restored.data.restorationId : '';
    const decision = spec.when(NOW, {
      type: 'RevertRestoration',
      address: ADDRESS,
      restorationId,
      by: 'lead@company.test',
      note: 'wrong address',
    });
    expect(recordedFact(decision)).toStrictEqual({
      type: 'RestorationReverted',
      eventId: uuidV5(`${restorationId}:revert`, RECIPIENT_STATE_NAMESPACE),
      recordedAt: NOW,
      data: { address: ADDRESS, occurredAt: NOW, restorationId, by: 'lead@company.test', note: 'wrong address' },
    });
  });
});

describe('what the decider refuses, and how it says so', () => {
  it('names the field of an event time that is not a date', () => {
    expect(decideNow(delivery('yesterday'))).toStrictEqual({
      outcome: 'rejected',
      code: 'invalid',
      field: 'occurredAt',
      message: 'occurredAt is not a valid date-time',
    });
  });

  it('accepts an event time exactly the clock skew ahead, and refuses one a millisecond further', () => {
    expect(decideNow(delivery('2026-03-01T10:05:00.000Z')).outcome).toBe('recorded');
    expect(decideNow(delivery('2026-03-01T10:05:00.001Z'))).toStrictEqual({
      outcome: 'rejected',
      code: 'invalid',
      field: 'occurredAt',
      message: 'occurredAt lies more than 300 s in the future',
    });
  });

  it.each([
    ['a correction', { ...correction(), occurredAt: '2026-03-02T00:00:00Z' }],
    ['a suppression', { ...manualSuppression(), occurredAt: 'tomorrow' }],
    ['a bounce', softBounce('2026-03-02T00:00:00Z')],
  ])('checks the event time of %s the same way', (_name, command) => {
    expect(decideNow(command)).toMatchObject({ outcome: 'rejected', code: 'invalid', field: 'occurredAt' });
  });

  it('applies the configured clock skew instead of the default', () => {
    expect(decideNow(delivery('2026-03-01T10:01:00.000Z'), 60_000).outcome).toBe('recorded');
    expect(decideNow(delivery('2026-03-01T10:01:00.001Z'), 60_000)).toMatchObject({
      outcome: 'rejected',
      message: 'occurredAt lies more than 60 s in the future',
    });
  });

  it('refuses an event id already recorded with another payload, naming it', () => {
    const spec = new RecipientSpec().given([NOW, { ...delivery(NOW), eventId: 'e-1' }]);
    expect(spec.when(NOW, { ...hardBounce(NOW), eventId: 'e-1' })).toStrictEqual({
      outcome: 'rejected',
      eventId: 'e-1',
      code: 'conflict',
      field: 'eventId',
      message: 'eventId e-1 was already recorded with a different payload',
    });
    expect(spec.when(NOW, { ...delivery(NOW), eventId: 'e-1' })).toStrictEqual({
      outcome: 'duplicate',
      eventId: 'e-1',
    });
  });

  it('refuses a revert of an unknown restoration, of a reverted one and of a superseded one, saying which', () => {
    const spec = new RecipientSpec().given(
      ['2026-03-01T08:00:00Z', hardBounce('2026-03-01T08:00:00Z')],
      ['2026-03-01T08:30:00Z', correction()],
    );
    expect(spec.when(NOW, revert('nope'))).toStrictEqual({
      outcome: 'rejected',
      code: 'not_found',
      field: 'restorationId',
      message: 'No restoration nope',
    });
    const first = spec.decisions().at(-1);
    const firstId = first?.type === 'RecipientRestored' ? first.data.restorationId : '';
    spec.given([NOW, hardBounce(NOW)], [NOW, correction('lead@company.test')]);
    expect(spec.when(NOW, revert(firstId))).toStrictEqual({
      outcome: 'rejected',
      eventId: uuidV5(`${firstId}:revert`, RECIPIENT_STATE_NAMESPACE),
      code: 'conflict',
      field: 'restorationId',
      message: 'Restoration was superseded by a later suppression',
    });
    const second = spec.decisions().at(-1);
    const secondId = second?.type === 'RecipientRestored' ? second.data.restorationId : '';
    spec.given([NOW, revert(secondId)]);
    expect(spec.when(NOW, { ...revert(secondId), eventId: 'another' })).toStrictEqual({
      outcome: 'rejected',
      eventId: 'another',
      code: 'conflict',
      field: 'restorationId',
      message: 'Restoration was already reverted',
    });
  });
});

describe('the delivery heartbeat', () => {
  const LATER = '2026-03-02T10:00:00Z';
  const afterOneDelivery = () => new RecipientSpec().given([NOW, delivery(NOW, 'a')]);

  it('answers a delivery a millisecond short of the heartbeat without an append, and records one at it', () => {
    expect(afterOneDelivery().when(LATER, delivery('2026-03-02T09:59:59.999Z', 'b'))).toStrictEqual({
      outcome: 'not_recorded',
      eventId: derivedId('DeliverySucceeded', ADDRESS, '2026-03-02T09:59:59.999Z', 'mta', 'b'),
      reason: 'delivery_heartbeat',
    });
    expect(afterOneDelivery().when(LATER, delivery('2026-03-02T10:00:00Z', 'b')).outcome).toBe('recorded');
  });

  it('measures the heartbeat from the latest delivery by event time, not the latest recorded', () => {
    const spec = afterOneDelivery().given(
      ['2026-03-01T10:30:00Z', bounce('2026-03-01T10:30:00Z', RATE_LIMITED)],
      ['2026-03-01T11:00:00Z', delivery('2026-02-20T10:00:00Z', 'late')],
    );
    expect(spec.events.at(-1)?.type).toBe('DeliverySucceeded');
    expect(spec.when(LATER, delivery('2026-03-02T09:00:00Z', 'c')).outcome).toBe('not_recorded');
  });
});
